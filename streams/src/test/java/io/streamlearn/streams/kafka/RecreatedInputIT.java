package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.schemas.EntitySnapshot;
import io.streamlearn.streams.CounterDomain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.CheckpointPolicy;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.Snapshots;
import io.streamlearn.streams.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/**
 * An input topic deleted and recreated under a running exactly-once pipeline: the snapshots of the
 * old topic must not be applied to the new one. Applied, their offsets would tell each entity that
 * the new topic's first records were applied already, and their outputs would never come.
 */
class RecreatedInputIT {

  private static final int KEYS = 6;
  private static final int BEFORE = 30;
  private static final int AFTER = 20;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void recordsOfARecreatedInputTopicAreAllAppliedAndNoneIsSkippedAsAlreadySeen() throws Exception {
    // The consumer notices the deletion and the recreation through its metadata: refreshed often here.
    Config config = ConfigFactory.parseString("pekko.kafka.consumer.kafka-clients.metadata.max.age.ms = 1000")
        .withFallback(ConfigFactory.load());
    CounterDomain domain = new CounterDomain("recreated");
    PipelineSettings base = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    PipelineSettings settings = new PipelineSettings(base.parallelism(), base.maxBatch(), base.askTimeout(), base.groupIdPrefix(),
        base.shards(), true, "recreated-it", new SnapshotPolicy(10, 0), base.checkpoints());
    int partitions = config.getInt("streamlearn.kafka.partitions");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      KafkaClients clients = KafkaClients.of(kafka.bootstrapServers());
      TopicAdmin.ensureTopics(clients, List.of(domain.events(), domain.counts(), domain.deadLetterTopic()),
          config.getConfig("streamlearn.kafka"), false);
      TopicAdmin.ensureTopics(clients, List.of(domain.snapshotTopic()), config.getConfig("streamlearn.kafka"), true);
      ActorSystem<Void> system = TestNode.start("recreated", config);
      try (Admin admin = clients.admin(Map.of())) {
        List<Recovery.Report> recoveries = new CopyOnWriteArrayList<>();
        KafkaPipeline.Running running = KafkaPipeline.start(system, domain, clients, settings,
            new PipelineMetrics(registry, domain.name()), recoveries::add).toCompletableFuture()
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await("the first recoveries", () -> recoveries.size() == partitions);
        produce(clients, domain, "old", BEFORE);
        await("the old records committed", () -> committed(admin, settings.groupId(domain)) == KEYS * BEFORE);

        admin.deleteTopics(List.of(domain.events())).all().get(30, TimeUnit.SECONDS);
        await("the pipeline let go of the deleted topic", () -> recoveries.size() == partitions
            && assigned(admin, settings.groupId(domain)) == 0);
        TopicAdmin.ensureTopics(clients, List.of(domain.events()), config.getConfig("streamlearn.kafka"), false);
        await("the recreated topic's partitions recovered", () -> recoveries.size() == 2 * partitions);
        List<Recovery.Report> again = recoveries.subList(partitions, 2 * partitions);
        assertEquals(KEYS, again.stream().mapToInt(Recovery.Report::rejected).sum(),
            "every entity's snapshot of the old topic was not applied: " + again);
        assertEquals(0, again.stream().mapToInt(Recovery.Report::snapshots).sum(), "none applied: " + again);
        assertEquals(KEYS, PipelineMetrics.counts(registry, PipelineMetrics.SNAPSHOTS_REJECTED, "reason").get("topic-id"));

        produce(clients, domain, "new", AFTER);
        await("the new records committed", () -> committed(admin, settings.groupId(domain)) == KEYS * AFTER);
        running.drainAndShutdown(Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // Per key, the outputs of the new records: every one, counted from the new topic's start.
        Map<String, List<String>> outputs = new TreeMap<>();
        CommittedReader.readToEnd(clients, domain.counts(), r -> {
          String[] out = new String(r.value(), StandardCharsets.UTF_8).split(" ");
          if (out[2].startsWith("new")) {
            outputs.computeIfAbsent(out[0], k -> new ArrayList<>()).add(out[1] + " " + out[2]);
          }
        });
        for (int k = 0; k < KEYS; k++) {
          List<String> expected = new ArrayList<>();
          for (int i = 0; i < AFTER; i++) {
            expected.add((i + 1) + " new-" + i);
          }
          assertEquals(expected, outputs.get("key-" + k), "outputs of key-" + k + " after the recreation");
        }

        // And the snapshots written since name the new topic.
        String newId = admin.describeTopics(List.of(domain.events())).allTopicNames().get(30, TimeUnit.SECONDS)
            .get(domain.events()).topicId().toString();
        Map<String, EntitySnapshot> latest = new HashMap<>();
        CommittedReader.readToEnd(clients, domain.snapshotTopic(), r -> {
          if (!Checkpoints.isCheckpoint(r.key())) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), Snapshots.CODEC.decode(r.value()));
          }
        });
        assertEquals(KEYS, latest.size());
        latest.values().forEach(s -> assertEquals(newId, s.getSourceTopicIds().get(domain.events()),
            "latest snapshot of " + s.getEntityId() + " bound to the recreated topic"));
      } finally {
        system.terminate();
      }
    }
  }

  /** {@code records} records per key, values {@code n:<tag>-<i>}. */
  private static void produce(KafkaClients clients, CounterDomain domain, String tag, int records) {
    try (KafkaProducer<byte[], byte[]> producer = clients.producer(Map.of())) {
      for (int i = 0; i < records; i++) {
        for (int k = 0; k < KEYS; k++) {
          producer.send(new ProducerRecord<>(domain.events(), ("key-" + k).getBytes(StandardCharsets.UTF_8),
              ("n:" + tag + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }

  private static long committed(Admin admin, String groupId) {
    try {
      return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
          .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int assigned(Admin admin, String groupId) {
    try {
      return admin.describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId).members()
          .stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
