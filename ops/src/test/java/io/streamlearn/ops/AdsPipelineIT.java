package io.streamlearn.ops;

import io.streamlearn.streams.kafka.CommittedReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.ads.MalformedAds;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ads domain end to end on a real embedded Kafka broker: learning loop, dead letters, replay parity. */
class AdsPipelineIT {

  private static final int CAMPAIGNS = 4;
  private static final long ROUNDS = 400;

  private static LiveDomain live;

  @BeforeAll
  static void startPipeline() {
    live = LiveDomain.start("ads", Map.of(
            "streamlearn.ads.policy-by-campaign", campaignPolicies()));
  }

  /** Even campaigns learn with DynLin-UCB, odd ones with LinUCB, in pairs sharing a world. */
  private static Map<String, String> campaignPolicies() {
    Map<String, String> policies = new HashMap<>();
    for (int i = 0; i < CAMPAIGNS; i++) {
      policies.put(String.format("campaign-%02d", i), i % 2 == 0 ? "DynLin-UCB" : "LinUCB");
    }
    return policies;
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  @Test
  void closedLoopPublishesEveryRoundInOrderLearnsAndReplaysIdentically(@TempDir Path dir) throws Exception {
    AdsSettings ads = AdsSettings.fromConfig(live.config.getConfig("streamlearn.ads"));
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(live.config.getConfig("streamlearn")).withCampaigns(CAMPAIGNS);
    List<AdsSimulator.PolicyResult> results;
    try (AdsSimulator simulator = new AdsSimulator(live.clients(), ads, sim)) {
      for (long round = 0; round < ROUNDS; round++) {
        simulator.playRound(round);
      }
      assertEquals(0, simulator.decisionTimeouts(), "every round's decision reached the bidder in time");
      results = simulator.results(ROUNDS);
    }

    // Every closed round gave one decision, for the next round, keyed by campaign, in round order.
    List<ConsumerRecord<byte[], byte[]>> published = readDecisions(CAMPAIGNS * ROUNDS);
    Map<String, List<AdDecision>> decisions = decisionsByCampaign(published);
    assertEquals(CAMPAIGNS, decisions.size());
    decisions.forEach((campaign, list) -> {
      List<Long> rounds = list.stream().map(AdDecision::getRound).toList();
      List<Long> expected = java.util.stream.LongStream.rangeClosed(1, ROUNDS).boxed().toList();
      assertEquals(expected, rounds, campaign + ": one decision per round, in order, none missing or repeated");
      list.forEach(d -> assertEquals(campaign, d.getCampaignId()));
    });

    // Learning: DynLin-UCB beats spending evenly and beats LinUCB, which ignores delayed effects.
    AdsSimulator.PolicyResult dynLin = results.stream().filter(r -> r.policy().equals("DynLin-UCB")).findFirst().orElseThrow();
    AdsSimulator.PolicyResult linUcb = results.stream().filter(r -> r.policy().equals("LinUCB")).findFirst().orElseThrow();
    assertTrue(dynLin.meanExpectedConversions() > dynLin.meanUniformConversions(),
        "DynLin-UCB " + dynLin + " vs even spend");
    assertTrue(dynLin.meanRegret() < linUcb.meanRegret(), "DynLin-UCB " + dynLin + " vs LinUCB " + linUcb);

    // Replay parity: the recorded input through the same path, in another actor system, gives the
    // same decisions, byte for byte, in the same order per campaign.
    Path recording = dir.resolve("ads-input.avro");
    io.streamlearn.traffic.capture.TopicRecorder.record(live.clients(), List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES), recording);
    Path replayed = dir.resolve("replayed.avro");
    ActorSystem<Void> replaySystem = Node.newActorSystem("replay", live.config);
    try {
      Replay.toFile(replaySystem, DomainCatalog.create("ads", live.config), recording, replayed,
          PipelineSettings.fromConfig(live.config.getConfig("streamlearn.pipeline")),
          new PipelineMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), "ads"))
          .toCompletableFuture().get(120, TimeUnit.SECONDS);
    } finally {
      replaySystem.terminate();
    }
    Map<String, List<byte[]>> committed = valuesByKey(published, "campaign-");
    Map<String, List<byte[]>> replay = new LinkedHashMap<>();
    RecordingFile.source(replayed).runForeach(r -> {
      if (r.topic().equals(AdsDomain.DECISIONS) && new String(r.key(), StandardCharsets.UTF_8).startsWith("campaign-")) {
        replay.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
      }
    }, live.node.actorSystem()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(committed.keySet(), replay.keySet());
    committed.forEach((key, values) -> {
      assertEquals(values.size(), replay.get(key).size(), key);
      for (int i = 0; i < values.size(); i++) {
        assertArrayEquals(values.get(i), replay.get(key).get(i), key + " decision " + i);
      }
    });
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithBytesAndReasonWhileGoodOnesAreProcessed() throws Exception {
    AdsSettings ads = AdsSettings.fromConfig(live.config.getConfig("streamlearn.ads"));
    String campaign = "dlq-campaign";
    int platforms = ads.platforms().size();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, live.clients().bootstrap());
    List<RecordMetadata> badSent = new ArrayList<>();
    List<MalformedAds.Sample> badSamples = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] key = campaign.getBytes(StandardCharsets.UTF_8);
      for (long round = 0; round < 3; round++) {
        long time = ads.roundStart(round) + ads.roundLengthMillis() / 2;
        for (MalformedAds.Sample bad : MalformedAds.samples(campaign, time, platforms)) {
          badSamples.add(bad);
          badSent.add(producer.send(new ProducerRecord<>(bad.topic(), bad.key(), bad.value())).get());
        }
        producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, key, AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(
            campaign, Instant.ofEpochMilli(time), Collections.nCopies(platforms, 10.0), Collections.nCopies(platforms, 5L))))).get();
        producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, key, AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(
            campaign, Instant.ofEpochMilli(time), 42L, 0.0)))).get();
      }
      // A record for round 0 after both streams passed round 0's end plus the lateness: late.
      byte[] late = AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(campaign, Instant.ofEpochMilli(ads.roundStart(0) + 1), 1L, 0.0));
      badSamples.add(new MalformedAds.Sample(AdsDomain.OUTCOMES, key, late, "late", "round 0"));
      badSent.add(producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, key, late)).get());
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedReader.readUntil(live.clients(), AdsDomain.DEAD_LETTERS,
        records -> records.size() >= badSent.size(), Duration.ofSeconds(60));
    Map<String, DeadLetter> bySource = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
      DeadLetter letter = DeadLetters.CODEC.decode(record.value());
      bySource.put(letter.getSourceTopic() + "/" + letter.getSourcePartition() + "/" + letter.getSourceOffset(), letter);
    }
    for (int i = 0; i < badSent.size(); i++) {
      RecordMetadata sent = badSent.get(i);
      MalformedAds.Sample sample = badSamples.get(i);
      DeadLetter letter = bySource.get(sent.topic() + "/" + sent.partition() + "/" + sent.offset());
      assertTrue(letter != null, "bad record " + i + " (" + sample.detailContains() + ") reached ads.dlq");
      assertEquals(sample.reason(), letter.getReason(), letter.getDetail());
      assertTrue(letter.getDetail().contains(sample.detailContains()), letter.getDetail());
      assertArrayEquals(sample.value(), bytes(letter.getValue()), "original value bytes kept");
      assertArrayEquals(sample.key(), bytes(letter.getKey()), "original key bytes kept");
    }
    assertEquals(badSent.size(), bySource.size(), "each bad record dead-lettered once");

    // The good records were all applied: rounds 0 and 1 closed (round 2 is still open), each with 42 conversions.
    List<AdDecision> decisions = decisionsByCampaign(CommittedReader.readUntil(live.clients(), AdsDomain.DECISIONS,
        records -> decisionsByCampaign(records).getOrDefault(campaign, List.of()).size() >= 2, Duration.ofSeconds(60)))
        .get(campaign);
    assertEquals(2, decisions.size());
    assertEquals(List.of(0L, 1L), decisions.stream().map(AdDecision::getClosedRound).toList());
    assertEquals(List.of(42L, 42L), decisions.stream().map(AdDecision::getClosedRoundConversions).toList());
  }

  /** Reads ads.decisions until every campaign has its last round's decision (or a minute passes). */
  private static List<ConsumerRecord<byte[], byte[]>> readDecisions(long atLeast) {
    return CommittedReader.readUntil(live.clients(), AdsDomain.DECISIONS,
        records -> {
          Map<String, List<AdDecision>> byCampaign = decisionsByCampaign(records);
          return byCampaign.keySet().stream().filter(k -> k.startsWith("campaign-")).count() == CAMPAIGNS
              && byCampaign.entrySet().stream().filter(e -> e.getKey().startsWith("campaign-"))
                  .allMatch(e -> e.getValue().stream().anyMatch(d -> d.getRound() == ROUNDS));
        },
        Duration.ofSeconds(60));
  }

  private static Map<String, List<AdDecision>> decisionsByCampaign(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<AdDecision>> byCampaign = new LinkedHashMap<>();
    records.stream()
        .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
        .forEach(r -> byCampaign.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(AdsDomain.DECISION_CODEC.decode(r.value())));
    return byCampaign;
  }

  private static Map<String, List<byte[]>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records, String keyPrefix) {
    Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
    records.stream()
        .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(keyPrefix))
        .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
        .forEach(r -> byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value()));
    return byKey;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
