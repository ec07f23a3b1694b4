package io.streamlearn.streams.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.TestNode;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.streamlearn.models.Rng;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison input: 10,000 random and mutated records mixed into a valid ads stream, through the same
 * decode, entity and encode path as live. Nothing crashes, every bad record lands in the dead-letter
 * output with a reason, and the decisions equal those of the stream without the bad records.
 */
class PoisonFuzzIT {

  private static final int CAMPAIGNS = 40;
  private static final int PARTITIONS = 3;
  private static final int BAD = 10_000;

  @Test
  void badRecordsGoToTheDeadLetterTopicAndChangeNoDecision(@TempDir Path dir) throws Exception {
    Rng random = new Rng(2026);
    List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      long time = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + step * 15 * 60_000L + 1;
      for (int c = 0; c < CAMPAIGNS; c++) {
        String id = "fuzz-" + c;
        good.add(record(AdsDomain.IMPRESSIONS, id, AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time),
            List.of(10.0 + c, 20.0, 5.0), List.of(100L, 200L, 50L)))));
        good.add(record(AdsDomain.OUTCOMES, id, AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time),
            (long) random.nextInt(30), 0.0))));
      }
    }
    List<ConsumerRecord<byte[], byte[]>> mixed = new ArrayList<>(good);
    Set<String> badRecords = new HashSet<>();
    for (int i = 0; i < BAD; i++) {
      ConsumerRecord<byte[], byte[]> template = good.get(random.nextInt(good.size()));
      ConsumerRecord<byte[], byte[]> bad = record(template.topic(), keyFor(random, template), mutate(random, template));
      mixed.add(random.nextInt(mixed.size() + 1), bad);
      badRecords.add(Arrays.toString(bad.value()) + "|" + Arrays.toString(bad.key()));
    }

    Config config = ConfigFactory.load();
    List<RecordedOutput> clean = replay(config, number(good), dir.resolve("clean"));
    List<RecordedOutput> poisoned = replay(config, number(mixed), dir.resolve("mixed"));

    assertEquals(decisionsByKey(clean), decisionsByKey(poisoned), "decisions with and without the bad records");
    assertFalse(decisionsByKey(clean).isEmpty());
    assertTrue(clean.stream().noneMatch(o -> o.topic.equals(AdsDomain.DEAD_LETTERS)), "the valid stream has no dead letters");
    List<DeadLetter> letters = poisoned.stream().filter(o -> o.topic.equals(AdsDomain.DEAD_LETTERS))
        .map(o -> DeadLetters.CODEC.decode(o.value)).toList();
    assertEquals(BAD, letters.size(), "every bad record dead-lettered once");
    Map<String, Integer> reasons = new HashMap<>();
    for (DeadLetter letter : letters) {
      assertTrue(Set.of("decode", "validation").contains(letter.getReason()), letter.getReason());
      assertFalse(letter.getDetail().isBlank());
      reasons.merge(letter.getReason(), 1, Integer::sum);
      String original = Arrays.toString(bytes(letter.getValue())) + "|" + Arrays.toString(bytes(letter.getKey()));
      assertTrue(badRecords.contains(original), "a dead letter carries a bad record's original bytes");
    }
    assertTrue(reasons.get("decode") > 1000 && reasons.get("validation") > 1000, reasons.toString());
  }

  /** One of the mutations that cannot leave a valid record behind. */
  private static byte[] mutate(Rng random, ConsumerRecord<byte[], byte[]> template) {
    byte[] value = template.value().clone();
    String id = new String(template.key(), StandardCharsets.UTF_8);
    long time = 1_767_225_600_000L;
    switch (random.nextInt(8)) {
      case 0 -> value[random.nextInt(10)] ^= (byte) (1 << random.nextInt(8)); // header or fingerprint bit flip
      case 1 -> value = Arrays.copyOf(value, 10 + random.nextInt(value.length - 10)); // truncated body
      case 2 -> {
        value = new byte[random.nextInt(200)];
        for (int b = 0; b < value.length; b++) {
          value[b] = (byte) random.nextInt(256); // random bytes
        }
      }
      case 3 -> { // a length prefix claiming gigabytes
        byte[] huge = Arrays.copyOf(value, 15);
        byte[] prefix = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        System.arraycopy(prefix, 0, huge, 10, prefix.length);
        value = huge;
      }
      case 4 -> value = AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time),
          List.of(1.0, random.nextInt(2) == 0 ? Double.NaN : Double.NEGATIVE_INFINITY, 1.0), List.of(1L, 1L, 1L)));
      case 5 -> value = AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time),
          List.of(1.0, 2.0), List.of(1L, 2L, 3L, 4L))); // wrong vector lengths
      case 6 -> value = AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time),
          -1L - random.nextInt(100), 0.0)); // negative count
      default -> value = null; // no value
    }
    return value;
  }

  /** Mostly the template's key; sometimes none, or one that disagrees with the record's campaign. */
  private static byte[] keyFor(Rng random, ConsumerRecord<byte[], byte[]> template) {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> "not-the-campaign".getBytes(StandardCharsets.UTF_8);
      default -> template.key();
    };
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return record(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value) {
    return new ConsumerRecord<>(topic, 0, 0, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, new RecordHeaders(),
        java.util.Optional.empty());
  }

  /** Assigns partitions by key (as Kafka would) and consecutive offsets per topic partition. */
  private static List<ConsumerRecord<byte[], byte[]>> number(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, Long> next = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> numbered = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      int partition = r.key() == null ? 0 : Math.floorMod(Arrays.hashCode(r.key()), PARTITIONS);
      long offset = next.merge(r.topic() + "/" + partition, 1L, Long::sum) - 1;
      numbered.add(new ConsumerRecord<>(r.topic(), partition, offset, r.timestamp(), TimestampType.CREATE_TIME, -1, -1,
          r.key(), r.value(), new RecordHeaders(), java.util.Optional.empty()));
    }
    return numbered;
  }

  private record RecordedOutput(String topic, String key, byte[] value) {}

  private static List<RecordedOutput> replay(Config config, List<ConsumerRecord<byte[], byte[]>> input, Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Path recording = dir.resolve("input.avro");
    try (RecordingFile file = RecordingFile.create(recording)) {
      for (ConsumerRecord<byte[], byte[]> record : input) {
        file.append(record);
      }
    }
    Path output = dir.resolve("output.avro");
    ActorSystem<Void> system = TestNode.start("fuzz", config);
    List<RecordedOutput> outputs = new ArrayList<>();
    try {
      Domain<?, ?> ads = AdsDomain.fromConfig(config.getConfig("streamlearn.ads"));
      Replay.toFile(system, ads, recording, output, PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")),
          new PipelineMetrics(new SimpleMeterRegistry(), "ads")).toCompletableFuture().get(5, TimeUnit.MINUTES);
      RecordingFile.source(output).runForeach(r -> outputs.add(new RecordedOutput(r.topic(),
          r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value())), system)
          .toCompletableFuture().get(1, TimeUnit.MINUTES);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
    return outputs;
  }

  private static Map<String, List<String>> decisionsByKey(List<RecordedOutput> outputs) {
    Map<String, List<String>> byKey = new HashMap<>();
    outputs.stream().filter(o -> o.topic.equals(AdsDomain.DECISIONS))
        .forEach(o -> byKey.computeIfAbsent(o.key, k -> new ArrayList<>()).add(Arrays.toString(o.value)));
    return byKey;
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
