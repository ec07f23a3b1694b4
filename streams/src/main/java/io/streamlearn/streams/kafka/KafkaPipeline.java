package io.streamlearn.streams.kafka;

import io.streamlearn.streams.Domain;
import io.streamlearn.streams.DomainFlow;
import io.streamlearn.streams.EntityRouter;
import io.streamlearn.streams.PartitionGate;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.Snapshots;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.AutoSubscription;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.Transactional;

/**
 * A domain live on Kafka: consume its input topics, run {@link DomainFlow}, produce outputs, dead
 * letters and snapshots, and commit the consumed offsets.
 *
 * <p>Exactly-once (default): a transactional source and {@link TransactionalSink} put the outputs,
 * dead letters, snapshots and consumed offsets of each batch in one Kafka transaction (at most one
 * per {@code pekko.kafka.producer.eos-commit-interval}); readers use {@code read_committed}. The producer's
 * transactional id and the consumer's static group membership id are both {@code
 * streamlearn-<node-id>-<domain>}: unique per node (set {@code streamlearn.pipeline.node-id} per
 * node) and stable across its restarts, so a restarted node fences its dead predecessor's
 * producer (aborting its open transaction) and takes its place in the group at once, without
 * waiting for the session timeout; the consumer's group metadata (generation, member id) travels
 * with the offsets, so a member the group has moved on from cannot commit for it. Before a partition's records go live, {@link Recovery} rebuilds
 * its entities.
 *
 * <p>Stopping entities does not lose state: an idle entity passivated by sharding parks its state
 * ({@link KafkaParkedStates}) and takes it back when its next record comes. A drain stops
 * consuming, lets in-flight records finish and commit, then parks every entity, which writes its
 * final snapshot.
 *
 * <p>At-least-once: {@link AtLeastOnceSink} commits offsets after the outputs are acknowledged; a
 * crash repeats outputs, and entity state is not recovered.
 */
public final class KafkaPipeline {

  private static final Logger log = LoggerFactory.getLogger(KafkaPipeline.class);

  /**
   * Outputs per transaction (exactly-once) or per batch of sends (at-least-once) at most: beyond
   * it, the pipeline waits for the one in progress.
   */
  private static final int MAX_BATCH_RECORDS = 50_000;

  private KafkaPipeline() {}

  public static ConsumerSettings<byte[], byte[]> consumerSettings(ActorSystem<?> system, KafkaClients kafka, String groupId) {
    return kafka.consumerSettings(system)
        .withConsumerFactory(settings -> new PipelineConsumer(settings.getProperties(), metadata -> { }))
        .withGroupId(groupId)
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        // Reads only what producers committed, so outputs of aborted transactions are never seen.
        .withProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  public static ProducerSettings<byte[], byte[]> producerSettings(ActorSystem<?> system, KafkaClients kafka) {
    return kafka.producerSettings(system)
        .withProperty(ProducerConfig.ACKS_CONFIG, "all")
        .withProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }

  /** A running pipeline: drain it to stop cleanly. */
  public interface Running {
    /** The domain this pipeline runs. */
    String domain();

    CompletionStage<Done> completion();

    /** Whether the consumer has joined its group and been given its partitions (possibly none). */
    boolean joined();

    /** Input partitions assigned to this node whose entities are still being recovered. */
    int recoveringPartitions();

    /**
     * Stops consuming, lets in-flight records finish and commit, then parks every entity and
     * writes their final snapshots, giving up on what is unwritten at the deadline.
     */
    CompletionStage<Drained> drainAndShutdown(Duration deadline);
  }

  /**
   * How a drain ended.
   *
   * @param entities entities parked
   * @param unwritten parked states not written by the deadline (recovery rebuilds those entities)
   */
  public record Drained(int entities, int unwritten) {}

  /** Starts the domain's pipeline; completes once its entities are reachable and consuming starts. */
  public static CompletionStage<Running> start(ActorSystem<?> system, Domain<?, ?> domain, KafkaClients kafka,
      PipelineSettings settings, PipelineMetrics metrics, java.util.function.Consumer<Recovery.Report> onRecovered) {
    // The consumer's group metadata as of its last poll, for the transactions' offsets.
    AtomicReference<ConsumerGroupMetadata> groupMetadata = new AtomicReference<>();
    ConsumerSettings<byte[], byte[]> consumerSettings = consumerSettings(system, kafka, settings.groupId(domain))
        .withConsumerFactory(consumer -> new PipelineConsumer(consumer.getProperties(), groupMetadata::set))
        .withProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.memberId(domain));
    ProducerSettings<byte[], byte[]> producerSettings = producerSettings(system, kafka);
    // The inputs' topic ids, read by each recovery, for every snapshot written after it.
    AtomicReference<Snapshots.Origin> origin = new AtomicReference<>(Snapshots.Origin.NONE);
    Checkpoints checkpoints = new Checkpoints(domain, settings.checkpoints(), origin::get);
    KafkaParkedStates parked = new KafkaParkedStates(domain, kafka, settings.groupId(domain), origin::get, checkpoints);
    return PartitionShards.router(system, domain, consumerSettings, settings.askTimeout(), settings.snapshots(), parked)
        .thenApply(router -> {
          Recovery recovery = settings.exactlyOnce()
              ? new Recovery(domain, router, metrics, kafka, settings.groupId(domain), origin,
                  checkpoints, onRecovered)
              : null;
          AtomicInteger assignments = new AtomicInteger();
          AutoSubscription subscription = Subscriptions.topics(new HashSet<>(domain.inputTopics()))
              .withPartitionAssignmentHandler(PartitionShards.assignmentHandler(system, EntityRouter.typeKey(domain).name(),
                  assigned -> {
                    assignments.incrementAndGet();
                    parked.own(assigned);
                    if (recovery != null) {
                      recovery.recover(assigned);
                    }
                  },
                  revoked -> {
                    parked.forget(revoked);
                    if (recovery != null) {
                      recovery.forget(revoked);
                    }
                  }));
          if (recovery == null) {
            var control = Consumer.sourceWithOffsetContext(consumerSettings, subscription)
                .via(DomainFlow.create(domain, router, settings.parallelism(), settings.maxBatch(), metrics, PartitionGate.OPEN))
                .asSource()
                .toMat(AtLeastOnceSink.create(producerSettings, CommitterSettings.create(system), settings.memberId(domain),
                    MAX_BATCH_RECORDS), Consumer::createDrainingControl)
                .run(system);
            return running(domain.name(), control, system, router, parked, null, assignments, () -> { });
          }
          var control = Transactional.sourceWithOffsetContext(consumerSettings, subscription)
              .via(DomainFlow.create(domain, router, settings.parallelism(), settings.maxBatch(), metrics, recovery))
              .asSource()
              .toMat(TransactionalSink.create(producerSettings, settings.memberId(domain), groupMetadata::get,
                  MAX_BATCH_RECORDS, metrics), Consumer::createDrainingControl)
              .run(system);
          return running(domain.name(), control, system, router, parked, recovery, assignments,
              () -> leaveGroup(kafka, settings.groupId(domain), settings.memberId(domain)));
        });
  }

  private static Running running(String domainName, Consumer.DrainingControl<Done> control,
      ActorSystem<?> system, EntityRouter router, KafkaParkedStates parked, Recovery recovery, AtomicInteger assignments,
      Runnable leaveGroup) {
    CompletionStage<Done> completion = control.streamCompletion().whenComplete((done, error) -> {
      if (recovery != null) {
        recovery.close();
      }
    });
    return new Running() {
      @Override
      public String domain() {
        return domainName;
      }

      @Override
      public CompletionStage<Done> completion() {
        return completion;
      }

      @Override
      public boolean joined() {
        return assignments.get() > 0;
      }

      @Override
      public int recoveringPartitions() {
        return recovery == null ? 0 : recovery.recovering();
      }

      @Override
      public CompletionStage<Drained> drainAndShutdown(Duration deadline) {
        long started = System.nanoTime();
        // Parking after a failed drain is still safe: a parked state is written only once the
        // committed offsets cover it.
        parked.draining();
        return control.drainAndShutdown(system.executionContext())
            .handle((done, error) -> null)
            .thenCompose(ignored -> router.parkAll())
            .thenCompose(entities -> parked.flush(deadline.minusNanos(System.nanoTime() - started))
                .thenApply(unwritten -> new Drained(entities, unwritten)))
            .whenComplete((drained, error) -> leaveGroup.run())
            .whenComplete((drained, error) -> parked.close());
      }
    };
  }

  /**
   * Takes a drained node's static member out of the group, so the other nodes get its partitions
   * now (with their final snapshots written) instead of after {@code session.timeout.ms}: a static
   * member's consumer does not leave its group when it closes. A killed node keeps its partitions
   * until it comes back, or the session times out.
   */
  private static void leaveGroup(KafkaClients kafka, String groupId, String memberId) {
    try (Admin admin = kafka.admin(Map.of())) {
      admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(
          List.of(new MemberToRemove(memberId)))).all().get(5, TimeUnit.SECONDS);
      log.info("{}: left consumer group {}", memberId, groupId);
    } catch (Exception e) {
      // Already gone (no member of that id), or Kafka is down: the session timeout does it.
      log.info("{}: did not leave consumer group {} ({}); its partitions move after the session timeout", memberId,
          groupId, e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }
}
