package io.streamlearn.streams;

import io.streamlearn.actors.EntityActor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.kafka.ConsumerRebalanceEvent;
import org.apache.pekko.kafka.TopicPartitionsAssigned;

/**
 * Shards that are Kafka partitions. The shard of an entity is the partition Kafka's default
 * partitioner puts its key in (murmur2 of the key bytes), and when this node's consumer is assigned
 * partitions, it tells Pekko's external shard allocation to place those shards here, so each record
 * is handled on the node that consumed it. (The same scheme as Pekko Connectors Kafka's
 * cluster-sharding module, which is not published to Maven Central.)
 */
final class PartitionShards {

  private PartitionShards() {}

  /** Routes a command to the shard numbered like its key's partition. */
  static ShardingMessageExtractor<EntityActor.Command, EntityActor.Command> extractor(int partitions) {
    return new ShardingMessageExtractor<>() {
      @Override
      public String entityId(EntityActor.Command command) {
        return command.entityId();
      }

      @Override
      public String shardId(String entityId) {
        return String.valueOf(Utils.toPositive(Utils.murmur2(entityId.getBytes(StandardCharsets.UTF_8))) % partitions);
      }

      @Override
      public EntityActor.Command unwrapMessage(EntityActor.Command command) {
        return command;
      }
    };
  }

  /** A consumer rebalance listener that moves the assigned partitions' shards to this node. */
  static Behavior<ConsumerRebalanceEvent> rebalanceListener(String entityTypeName) {
    return Behaviors.setup(context -> {
      ActorSystem<?> system = context.getSystem();
      var client = ExternalShardAllocation.get(system).getClient(entityTypeName);
      var self = Cluster.get(system).selfMember().address();
      return Behaviors.receive(ConsumerRebalanceEvent.class)
          .onMessage(TopicPartitionsAssigned.class, assigned -> {
            Map<String, org.apache.pekko.actor.Address> locations = scala.jdk.javaapi.CollectionConverters.asJava(assigned.topicPartitions()).stream()
                .collect(Collectors.toMap(tp -> String.valueOf(tp.partition()), tp -> self, (a, b) -> a));
            client.setShardLocations(locations);
            return Behaviors.same();
          })
          .onAnyMessage(other -> Behaviors.same())
          .build();
    });
  }
}
