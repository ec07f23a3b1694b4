package io.streamlearn.ops;

import io.streamlearn.streams.kafka.Checkpoints;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.traffic.capture.TopicRecorder;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entities stopped by sharding when idle keep what they learned: they park their state (written
 * as a snapshot once their records commit) and take it back on their next record, so decisions
 * after a pause equal those of a run that never stopped them. A drain then writes every entity's
 * final snapshot.
 */
class PassivationIT {

  private static final int CAMPAIGNS = 4;
  private static final long ROUNDS_BEFORE_PAUSE = 60;
  private static final long ROUNDS = 120;

  @Test
  void idleEntitiesAreStoppedAndComeBackWithTheirStateAndAStopWritesFinalSnapshots(@TempDir Path dir) throws Exception {
    // Only passivation and shutdown write snapshots here, and entities idle for 1 s are stopped.
    Config config = ConfigFactory.parseMap(Map.of(
            "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout", "1s",
            "streamlearn.pipeline.snapshots.every-records", "0",
            "streamlearn.pipeline.snapshots.every-event-time", "0s"))
        .withFallback(ConfigFactory.load())
        .resolve();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Node node = Node.open(config, kafka.bootstrapServers());
      List<ConsumerRecord<byte[], byte[]>> published;
      try {
        List<Domain<?, ?>> domains = List.of(DomainCatalog.create("ads", config));
        node.ensureTopics(domains);
        node.startPipelines(domains);
        AdsSettings ads = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
        AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(config.getConfig("streamlearn")).withCampaigns(CAMPAIGNS);
        try (AdsSimulator simulator = new AdsSimulator(KafkaClients.of(kafka.bootstrapServers()), ads, sim)) {
          for (long round = 0; round < ROUNDS_BEFORE_PAUSE; round++) {
            simulator.playRound(round);
          }
          Map<String, List<byte[]>> parked = valuesByKey(CommittedReader.readUntil(KafkaClients.of(kafka.bootstrapServers()), AdsDomain.SNAPSHOTS,
              records -> valuesByKey(records).size() >= CAMPAIGNS, Duration.ofSeconds(30)));
          assertEquals(CAMPAIGNS, parked.size(), "each idle campaign was passivated and its parked state written: " + parked.keySet());
          for (long round = ROUNDS_BEFORE_PAUSE; round < ROUNDS; round++) {
            simulator.playRound(round);
          }
          assertEquals(0, simulator.decisionTimeouts(), "every round's decision reached the bidder in time");
        }
        published = CommittedReader.readUntil(KafkaClients.of(kafka.bootstrapServers()), AdsDomain.DECISIONS,
            records -> records.size() >= CAMPAIGNS * ROUNDS, Duration.ofSeconds(60));
      } finally {
        assertTrue(node.stop(), "drained and wrote every final snapshot within the deadline");
      }
      Map<String, List<byte[]>> snapshots = valuesByKey(CommittedReader.readUntil(KafkaClients.of(kafka.bootstrapServers()), AdsDomain.SNAPSHOTS,
          records -> false, Duration.ofSeconds(3)));
      snapshots.forEach((campaign, written) -> assertTrue(written.size() >= 2,
          campaign + ": a snapshot on passivation, then one at the stop: " + written.size()));
      assertEquals(CAMPAIGNS, snapshots.size());

      // The same input replayed without pauses, so nothing is passivated: the same decisions.
      Path recording = dir.resolve("input.avro");
      TopicRecorder.record(KafkaClients.of(kafka.bootstrapServers()), List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES), recording);
      Path replayed = dir.resolve("replayed.avro");
      ActorSystem<Void> system = Node.newActorSystem("replay", ConfigFactory.load());
      Map<String, List<byte[]>> replay = new LinkedHashMap<>();
      try {
        Replay.toFile(system, DomainCatalog.create("ads", config), recording, replayed,
            PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")),
            new PipelineMetrics(new SimpleMeterRegistry(), "ads")).toCompletableFuture().get(120, TimeUnit.SECONDS);
        RecordingFile.source(replayed).runForeach(r -> {
          if (r.topic().equals(AdsDomain.DECISIONS)) {
            replay.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
          }
        }, system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      } finally {
        system.terminate();
      }
      Map<String, List<byte[]>> live = valuesByKey(published);
      assertEquals(replay.keySet(), live.keySet());
      live.forEach((campaign, values) -> {
        assertEquals(ROUNDS, values.size(), campaign);
        assertEquals(replay.get(campaign).size(), values.size(), campaign);
        for (int i = 0; i < values.size(); i++) {
          assertArrayEquals(replay.get(campaign).get(i), values.get(i), campaign + " decision " + i);
        }
      });
    }
  }

  /** Values per key; the snapshot topics' partition checkpoints are not entities, and left out. */
  private static Map<String, List<byte[]>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
    records.stream()
        .filter(r -> !Checkpoints.isCheckpoint(r.key()))
        .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
        .forEach(r -> byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value()));
    return byKey;
  }
}
