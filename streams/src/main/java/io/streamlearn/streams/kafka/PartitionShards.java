package io.streamlearn.streams.kafka;

import io.streamlearn.actors.EntityActor;
import io.streamlearn.actors.ParkedStates;
import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.EntityRouter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.RestrictedConsumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards that are Kafka partitions. The shard of an entity is the partition Kafka's default
 * partitioner puts its key in (murmur2 of the key bytes), and when this node's consumer is assigned
 * partitions, it tells Pekko's external shard allocation to place those shards here, so each record
 * is handled on the node that consumed it. (The same scheme as Pekko Connectors Kafka's
 * cluster-sharding module, which is not published to Maven Central.)
 */
final class PartitionShards {

  private static final Logger log = LoggerFactory.getLogger(PartitionShards.class);

  private PartitionShards() {}

  /** Entities sharded like the partitions of the domain's first input topic (all inputs are co-partitioned). */
  static CompletionStage<EntityRouter> router(ActorSystem<?> system, Domain<?, ?> domain,
      ConsumerSettings<?, ?> consumerSettings, Duration askTimeout, SnapshotPolicy snapshots, ParkedStates parked) {
    return CompletableFuture.supplyAsync(() -> {
      try (Consumer<?, ?> consumer = consumerSettings.createKafkaConsumer()) {
        String topic = domain.inputTopics().get(0);
        // Just created, a topic is known to some brokers of a cluster a few milliseconds before
        // the others: ask again for a while before calling it missing.
        var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            (partitions == null || partitions.isEmpty()) && System.nanoTime() < deadline; ) {
          sleep(200);
          partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        }
        if (partitions == null || partitions.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return EntityRouter.start(system, domain, extractor(partitions.size()), askTimeout, snapshots, parked, true);
      }
    }, system.executionContext());
  }

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

  /**
   * Called by the consumer, synchronously, on every rebalance: places the shards of newly assigned
   * partitions on this node and hands the assigned and the revoked or lost partitions to the
   * caller, so their entities are recovered before any of their records is processed again.
   * (Synchronous matters: an actor listener would hear of a rebalance only after the new
   * assignment's records flow.)
   */
  static PartitionAssignmentHandler assignmentHandler(ActorSystem<?> system, String entityTypeName,
      IntSetListener onAssigned, IntSetListener onRevoked) {
    var client = ExternalShardAllocation.get(system).getClient(entityTypeName);
    var self = Cluster.get(system).selfMember().address();
    return new PartitionAssignmentHandler() {
      @Override
      public void onAssign(Set<TopicPartition> assigned, RestrictedConsumer consumer) {
        if (!assigned.isEmpty()) {
          log.info("{}: partitions {} assigned", entityTypeName, new TreeSet<>(partitions(assigned)));
        }
        client.setShardLocations(assigned.stream()
            .collect(Collectors.toMap(tp -> String.valueOf(tp.partition()), tp -> self, (a, b) -> a)));
        onAssigned.accept(partitions(assigned));
      }

      @Override
      public void onRevoke(Set<TopicPartition> revoked, RestrictedConsumer consumer) {
        if (!revoked.isEmpty()) {
          log.info("{}: partitions {} revoked", entityTypeName, new TreeSet<>(partitions(revoked)));
        }
        onRevoked.accept(partitions(revoked));
      }

      @Override
      public void onLost(Set<TopicPartition> lost, RestrictedConsumer consumer) {
        log.warn("{}: partitions {} lost (the group moved on without this node)", entityTypeName,
            new TreeSet<>(partitions(lost)));
        onRevoked.accept(partitions(lost));
      }

      @Override
      public void onStop(Set<TopicPartition> current, RestrictedConsumer consumer) {}
    };
  }

  /**
   * Waits until the shard of {@code partition} runs on this node, or is nowhere yet (then the next
   * message starts it here). A partition that moved in a Kafka rebalance keeps its shard, and its
   * entities, on the previous owner until the coordinator's next rebalance hands it off (or, if
   * that node died, until the cluster removes it): a restore sent meanwhile would reach entities
   * that are then stopped and recreated here without it. So a recovery waits for this first.
   */
  static void awaitHere(EntityRouter router, int partition, Duration timeout, BooleanSupplier abandoned) {
    String probe = probeEntity(router, String.valueOf(partition));
    String self = router.selfAddress();
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    String where = "no answer";
    for (long nextLog = started + Duration.ofSeconds(5).toNanos(); System.nanoTime() < deadline; ) {
      if (abandoned.getAsBoolean()) {
        throw new CancellationException("shard " + partition + ": the partition was assigned again meanwhile");
      }
      try {
        where = router.<String>askWithin(Duration.ofSeconds(1), replyTo -> new EntityActor.Locate(probe, replyTo))
            .toCompletableFuture().join();
      } catch (RuntimeException unanswered) {
        where = "no answer (its node is unreachable, or the shard is moving)";
      }
      if (where.equals(self)) {
        long waited = (System.nanoTime() - started) / 1_000_000;
        if (waited > 1000) {
          log.info("shard {} is here after {} ms", partition, waited);
        }
        return;
      }
      if (System.nanoTime() > nextLog) {
        log.info("waiting for shard {} to leave its previous node: {}", partition, where);
        nextLog = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      sleep(200);
    }
    throw new IllegalStateException("shard " + partition + " did not come to this node within " + timeout
        + " (last seen at " + where + ")");
  }

  /** An entity id of the shard, reserved (a NUL first byte) so it is nobody's key. */
  private static String probeEntity(EntityRouter router, String shard) {
    for (int k = 0; ; k++) {
      String id = "\u0000locate-" + k;
      if (router.shardOf(id).equals(shard)) {
        return id;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up partitions", e);
    }
  }

  /** Told of the partitions assigned, or revoked or lost, in a rebalance. */
  @FunctionalInterface
  interface IntSetListener {
    void accept(Set<Integer> partitions);
  }

  private static Set<Integer> partitions(Set<TopicPartition> topicPartitions) {
    return topicPartitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
  }
}
