package io.streamlearn.streams.kafka;

import io.streamlearn.models.Rng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.CheckpointPolicy;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.Snapshots;
import io.streamlearn.streams.TestNode;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash, in one JVM: an ads pipeline commits the first part of a fixed input
 * and dies without draining; a fresh node recovers its entities ({@link Recovery}: snapshots, then
 * the committed input replayed from the partition's checkpoint) and takes the rest. Its committed decisions must be, byte for
 * byte, those of one uninterrupted replay of the whole input.
 */
class RecoveryIT {

  private static final int CAMPAIGNS = 24;
  /** Ten hours of ten-minute steps: nine rounds close per campaign. */
  private static final int STEPS = 60;
  /** The crash comes mid-round, with 66 records per campaign committed: one snapshot each, 16 records after it. */
  private static final int STEPS_BEFORE_CRASH = 33;
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Records of a partition between checkpoints: each partition commits about 528 before the crash. */
  private static final int CHECKPOINT_EVERY = 100;

  @Test
  void aNodeRestartedAfterACrashRebuildsItsEntitiesAndCommitsTheDecisionsOfAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    Config config = ConfigFactory.load();
    AdsDomain ads = AdsDomain.fromConfig(config.getConfig("streamlearn.ads"));
    PipelineSettings base = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    PipelineSettings settings = new PipelineSettings(base.parallelism(), base.maxBatch(), base.askTimeout(), base.groupIdPrefix(),
        base.shards(), true, "recovery-it", new SnapshotPolicy(50, 0), new CheckpointPolicy(CHECKPOINT_EVERY, 0));
    List<ProducerRecord<byte[], byte[]>> input = input(AdsSettings.fromConfig(config.getConfig("streamlearn.ads")));
    int beforeCrash = STEPS_BEFORE_CRASH * CAMPAIGNS * 2;
    int partitions = config.getInt("streamlearn.kafka.partitions");

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      KafkaClients clients = KafkaClients.of(kafka.bootstrapServers());
      TopicAdmin.ensureTopics(clients, List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS,
          ads.deadLetterTopic()), config.getConfig("streamlearn.kafka"), false);
      TopicAdmin.ensureTopics(clients, List.of(ads.snapshotTopic()), config.getConfig("streamlearn.kafka"), true);

      // Coordinated shutdown would hand the shards off, parking every entity and writing its final
      // snapshot: a crash does none of that, so the first node terminates without it. Neither node's
      // termination is awaited: a node that died is not waited for, and closing a transactional
      // consumer blocks on its dead stream for pekko.kafka.consumer.commit-timeout.
      ActorSystem<Void> first = TestNode.start("crashing",
          ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off").withFallback(config));
      ActorSystem<Void> second = null;
      try {
        CountDownLatch live = new CountDownLatch(partitions);
        KafkaPipeline.start(first, ads, clients, settings, new PipelineMetrics(new SimpleMeterRegistry(), ads.name()),
            report -> live.countDown()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(live.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first node took its partitions");
        // Fed a few steps at a time, an entity sees its two streams interleave, so its snapshot
        // covers a prefix of both and leaves records of both to replay.
        feed(clients.bootstrap(), settings.groupId(ads), input, 0, beforeCrash, 4);
        first.terminate();

        second = TestNode.start("restarted", config);
        List<Recovery.Report> recoveries = new CopyOnWriteArrayList<>();
        KafkaPipeline.start(second, ads, clients, settings, new PipelineMetrics(new SimpleMeterRegistry(), ads.name()),
            recoveries::add).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        feed(clients.bootstrap(), settings.groupId(ads), input, beforeCrash, input.size(), STEPS);
        second.terminate();

        assertEquals(IntStream.range(0, partitions).boxed().toList(),
            recoveries.stream().map(Recovery.Report::partition).sorted().toList(),
            "each partition recovered once, before its records went live: " + recoveries);
        assertEquals(CAMPAIGNS, recoveries.stream().mapToInt(Recovery.Report::snapshots).sum(),
            "every campaign restored from its snapshot: " + recoveries);
        // Every campaign's snapshot is its 50th record, so the checkpoint is about its 51st: the
        // replay starts there, not at the log start.
        assertTrue(recoveries.stream().allMatch(Recovery.Report::fromCheckpoint), "replays from checkpoints: " + recoveries);
        long replayed = recoveries.stream().mapToLong(Recovery.Report::replayed).sum();
        assertTrue(replayed > 0 && replayed < beforeCrash / 2,
            "the replay starts at the checkpoints, " + replayed + " of " + beforeCrash + " committed records: " + recoveries);
        // The premise: no entity wrote its state at the crash, and each restored snapshot (its 50th
        // record) predates the last step before the crash, so both streams had records to replay.
        List<EntitySnapshot> snapshots = new ArrayList<>();
        CommittedReader.readToEnd(clients, ads.snapshotTopic(), r -> {
          if (!Checkpoints.isCheckpoint(r.key())) {
            snapshots.add(Snapshots.CODEC.decode(r.value()));
          }
        });
        List<Long> records = snapshots.stream().map(EntitySnapshot::getRecords).toList();
        assertFalse(records.contains((long) beforeCrash / CAMPAIGNS), "a snapshot written at the crash: " + records);
        Instant lastStepBeforeCrash = Instant.ofEpochMilli(input.get(beforeCrash - 1).timestamp());
        List<EntitySnapshot> restored = snapshots.stream().filter(s -> s.getRecords() == 50).toList();
        assertEquals(CAMPAIGNS, restored.size(), "snapshots taken before the crash: " + records);
        assertTrue(restored.stream().allMatch(s -> s.getEventTime().isBefore(lastStepBeforeCrash)),
            "restored snapshots that include the last step before the crash");

        Map<String, List<byte[]>> committed = new TreeMap<>();
        // Every input offset is committed, so is every decision: reading to the end sees all, duplicates too.
        CommittedReader.readToEnd(clients, AdsDomain.DECISIONS, r -> committed
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value()));
        Map<String, List<byte[]>> uninterrupted = uninterrupted(config, ads, clients, settings, dir);
        assertTrue(uninterrupted.values().stream().allMatch(decisions -> decisions.size() == STEPS / 6 - 1),
            "the reference run decided every closed round of every campaign");
        assertSameDecisions(uninterrupted, committed);
      } finally {
        first.terminate();
        if (second != null) {
          second.terminate();
        }
      }
    }
  }

  /** Per campaign, every ten minutes of event time, its impressions and its outcomes; seeded. */
  private static List<ProducerRecord<byte[], byte[]>> input(AdsSettings settings) {
    Rng random = new Rng(42);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      long time = settings.epochMillis() + step * 600_000L;
      for (int c = 0; c < CAMPAIGNS; c++) {
        String id = "recovery-" + c;
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        List<Double> spend = new ArrayList<>();
        List<Long> served = new ArrayList<>();
        for (int p = 0; p < settings.platforms().size(); p++) {
          spend.add(Math.floor(random.nextDouble() * 5000) / 100);
          served.add((long) random.nextInt(1000));
        }
        records.add(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key,
            AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time), spend, served))));
        records.add(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key,
            AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time), (long) random.nextInt(40), 0.0))));
      }
    }
    return records;
  }

  /**
   * Produces {@code input[from, to)} in batches of {@code steps} steps, each committed by the
   * pipeline before the next is sent (a backlog would reach an entity one topic's batch first).
   */
  private static void feed(String bootstrap, String groupId, List<ProducerRecord<byte[], byte[]>> input, int from, int to,
      int steps) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int batch = from; batch < to; batch += steps * 2 * CAMPAIGNS) {
        int end = Math.min(to, batch + steps * 2 * CAMPAIGNS);
        input.subList(batch, end).forEach(producer::send);
        producer.flush();
        awaitCommitted(bootstrap, groupId, end);
      }
    }
  }

  /** Waits until the group's committed offsets add up to {@code records} (they commit with their outputs). */
  private static void awaitCommitted(String bootstrap, String groupId, long records) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      long committed = 0;
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        committed = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        if (committed >= records) {
          assertEquals(records, committed, "committed offsets");
          return;
        }
        Thread.sleep(100);
      }
      fail("the pipeline committed " + committed + " of " + records + " input records within " + WAIT);
    }
  }

  /** The decisions per campaign of one replay of the whole input, as recorded from the input topics. */
  private static Map<String, List<byte[]>> uninterrupted(Config config, AdsDomain ads, KafkaClients clients,
      PipelineSettings settings, Path dir) throws Exception {
    Path recording = dir.resolve("input.avro");
    // One topic after the other: a campaign's decisions do not depend on how its two topics
    // interleave (CampaignLogic), only on each topic's order.
    try (RecordingFile file = RecordingFile.create(recording)) {
      for (String topic : ads.inputTopics()) {
        CommittedReader.readToEnd(clients, topic, r -> {
          try {
            file.append(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    Path output = dir.resolve("uninterrupted.avro");
    Map<String, List<byte[]>> decisions = new TreeMap<>();
    ActorSystem<Void> system = TestNode.start("uninterrupted", config);
    try {
      Replay.toFile(system, ads, recording, output, settings, new PipelineMetrics(new SimpleMeterRegistry(), ads.name()))
          .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      RecordingFile.source(output).runForeach(r -> {
        if (r.topic().equals(AdsDomain.DECISIONS)) {
          decisions.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        }
      }, system).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      TestNode.stop(system);
    }
    return decisions;
  }

  private static void assertSameDecisions(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> actual) {
    assertEquals(CAMPAIGNS, expected.size(), "campaigns with decisions");
    assertEquals(expected.keySet(), actual.keySet(), "campaigns with committed decisions");
    for (String campaign : expected.keySet()) {
      List<byte[]> want = expected.get(campaign);
      List<byte[]> got = actual.get(campaign);
      for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
        if (!Arrays.equals(want.get(i), got.get(i))) {
          fail(campaign + " decision " + i + ": expected " + AdsDomain.DECISION_CODEC.decode(want.get(i))
              + " but committed " + AdsDomain.DECISION_CODEC.decode(got.get(i)));
        }
      }
      assertEquals(want.size(), got.size(), campaign + ": decisions committed (more: duplicates, fewer: lost)");
    }
  }
}
