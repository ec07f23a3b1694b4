package io.streamlearn.streams;


import io.streamlearn.actors.EntityActor;
import io.streamlearn.actors.ParkedStates;
import io.streamlearn.actors.SnapshotPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocationStrategy;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.HashCodeNoEnvelopeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.util.Timeout;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;

/**
 * Finds the entity actor of a key through Pekko Cluster Sharding: one actor per entity, started on
 * its first event, passivated when idle (sharding's idle strategy, see application.conf), its
 * state parked in {@link ParkedStates} meanwhile.
 *
 * <p>Live, shards are Kafka partitions: the shard of an entity is the partition its key hashes to,
 * and each shard lives on the node whose consumer owns that partition (external shard allocation,
 * updated by the consumer's partition assignment handler), so records reach their entity without a network
 * hop. Replay has no partitions to follow and uses plain hashing over the same number of shards.
 */
public final class EntityRouter {

  private final ActorSystem<?> system;
  private final EntityTypeKey<EntityActor.Command> typeKey;
  private final ActorRef<EntityActor.Command> region;
  private final Duration askTimeout;
  private final ShardingMessageExtractor<EntityActor.Command, EntityActor.Command> extractor;

  private EntityRouter(ActorSystem<?> system, EntityTypeKey<EntityActor.Command> typeKey,
      ActorRef<EntityActor.Command> region, Duration askTimeout,
      ShardingMessageExtractor<EntityActor.Command, EntityActor.Command> extractor) {
    this.system = system;
    this.typeKey = typeKey;
    this.region = region;
    this.askTimeout = askTimeout;
    this.extractor = extractor;
  }

  public static EntityTypeKey<EntityActor.Command> typeKey(Domain<?, ?> domain) {
    return EntityTypeKey.create(EntityActor.Command.class, domain.name());
  }

  /** Shards by hash of the entity id, for replay without a broker. */
  public static CompletionStage<EntityRouter> hashed(
      ActorSystem<?> system, Domain<?, ?> domain, int shards, Duration askTimeout, SnapshotPolicy snapshots) {
    ShardingMessageExtractor<EntityActor.Command, EntityActor.Command> extractor =
        new HashCodeNoEnvelopeMessageExtractor<>(shards) {
          @Override
          public String entityId(EntityActor.Command command) {
            return command.entityId();
          }
        };
    return CompletableFuture.completedFuture(
        start(system, domain, extractor, askTimeout, snapshots, ParkedStates.inMemory(), false));
  }

  /**
   * Starts sharding of the domain's entities with this extractor; with {@code externalAllocation},
   * shards are placed where {@code ExternalShardAllocation} says (the live pipeline places each
   * partition's shard on the node that consumes it).
   */
  public static EntityRouter start(
      ActorSystem<?> system,
      Domain<?, ?> domain,
      ShardingMessageExtractor<EntityActor.Command, EntityActor.Command> extractor,
      Duration askTimeout,
      SnapshotPolicy snapshots,
      ParkedStates parked,
      boolean externalAllocation) {
    EntityTypeKey<EntityActor.Command> typeKey = typeKey(domain);
    Entity<EntityActor.Command, EntityActor.Command> entity =
        Entity.of(typeKey, context -> EntityActor.create(context.getEntityId(), domain.entities(), snapshots, parked))
            .withMessageExtractor(extractor)
            .withStopMessage(EntityActor.Passivate.INSTANCE);
    if (externalAllocation) {
      entity = entity.withAllocationStrategy(new ExternalShardAllocationStrategy(
          system, typeKey.name(), Timeout.create(askTimeout)));
    }
    return new EntityRouter(system, typeKey, ClusterSharding.get(system).init(entity), askTimeout, extractor);
  }

  /**
   * Parks and stops every entity of this node; completes with their count. For a node shutting
   * down after its pipeline drained: nothing asks the entities any more.
   */
  public CompletionStage<Integer> parkAll() {
    ClusterSharding sharding = ClusterSharding.get(system);
    return AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            sharding.shardState(), replyTo -> new GetShardRegionState(typeKey, replyTo), askTimeout, system.scheduler())
        .thenCompose(state -> {
          List<CompletableFuture<Done>> parked = new ArrayList<>();
          for (ShardRegion.ShardState shard : state.getShards()) {
            for (String entityId : shard.getEntityIds()) {
              parked.add(this.<Done, Done>ask(replyTo -> new EntityActor.Park(entityId, replyTo), done -> done)
                  .toCompletableFuture());
            }
          }
          return CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new)).thenApply(done -> parked.size());
        });
  }

  /** The shard an entity id belongs to. */
  public String shardOf(String entityId) {
    return extractor.shardId(entityId);
  }

  /** The address of this node, as {@link EntityActor.Locate} replies it. */
  public String selfAddress() {
    return system.address().toString();
  }

  /** As {@link #ask}, giving up after {@code timeout} instead of the configured ask timeout. */
  public <R> CompletionStage<R> askWithin(Duration timeout, Function<ActorRef<R>, EntityActor.Command> message) {
    return AskPattern.ask(region, message::apply, timeout, system.scheduler());
  }

  /**
   * Sends a message to its entity and completes with {@code then} applied to the reply, on the
   * actor system's dispatcher. (The ask's stage comes from Scala's converters, which run even
   * {@code thenApply} asynchronously on the JDK default executor; on a 2-core machine that is a new
   * thread per call.)
   */
  public <R, T> CompletionStage<T> ask(Function<ActorRef<R>, EntityActor.Command> message, Function<R, T> then) {
    return AskPattern.ask(region, message::apply, askTimeout, system.scheduler())
        .thenApplyAsync(then, system.executionContext());
  }
}
