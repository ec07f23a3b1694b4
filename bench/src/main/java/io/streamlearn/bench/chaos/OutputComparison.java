package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.schemas.ChatResponse;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.traffic.capture.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The committed outputs of one domain of the interrupted run (decisions, predictions, alerts or
 * responses, and dead letters, read with read_committed) against those of an uninterrupted run of
 * the same input: a replay of the recorded input topics through the same code path. Compared byte
 * for byte, in order within each sequence whose order is guaranteed: outputs per key, dead letters
 * per source partition.
 */
public final class OutputComparison {

  /**
   * @param compared outputs of the uninterrupted run
   * @param firstDifferences up to five mismatches, described
   */
  public record Outcome(long compared, long mismatches, long duplicates, long lost, List<String> firstDifferences) {}

  private OutputComparison() {}

  /** Records {@code domain}'s input topics into {@code workDir}, replays them and compares. */
  static Outcome run(Config config, KafkaClients kafka, Domain<?, ?> domain, Path workDir) throws Exception {
    Path input = workDir.resolve(domain.name() + "-input.avro");
    TopicRecorder.record(kafka, domain.inputTopics(), input);
    Path expectedFile = workDir.resolve(domain.name() + "-expected.avro");
    ActorSystem<Void> system = Node.newActorSystem("chaos-reference", config);
    Map<String, List<byte[]>> expected = new HashMap<>();
    try {
      Replay.toFile(system, domain, input, expectedFile, PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")),
          new PipelineMetrics(new SimpleMeterRegistry(), domain.name())).toCompletableFuture().get(10, TimeUnit.MINUTES);
      RecordingFile.source(expectedFile).runForeach(r -> {
        if (!r.topic().equals(domain.snapshotTopic())) {
          expected.computeIfAbsent(orderKey(domain, r.topic(), r.key(), r.value()), k -> new ArrayList<>())
              .add(comparable(r.topic(), r.value()));
        }
      }, system).toCompletableFuture().get(5, TimeUnit.MINUTES);
    } finally {
      system.terminate();
    }
    Map<String, List<byte[]>> actual = new HashMap<>();
    List<String> outputs = new ArrayList<>(domain.outputTopics());
    outputs.add(domain.deadLetterTopic());
    for (String topic : outputs) {
      CommittedReader.readToEnd(kafka, topic, r -> actual.computeIfAbsent(orderKey(domain, topic, r.key(), r.value()),
          k -> new ArrayList<>()).add(comparable(topic, r.value())));
    }
    return compare(expected, actual);
  }

  /**
   * Compares outputs per sequence key ({@code expected} and {@code actual}: the values of each
   * sequence in order), byte for byte.
   */
  public static Outcome compare(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> actual) {
    List<String> differences = new ArrayList<>();
    long compared = 0;
    long mismatches = 0;
    long duplicates = 0;
    long lost = 0;
    Set<String> keys = new HashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      List<byte[]> want = expected.getOrDefault(key, List.of());
      List<byte[]> got = actual.getOrDefault(key, List.of());
      compared += want.size();
      for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
        if (!Arrays.equals(want.get(i), got.get(i))) {
          mismatches++;
          if (differences.size() < 5) {
            differences.add(key + " #" + i + ": expected " + describe(key, want.get(i)) + " but committed " + describe(key, got.get(i)));
          }
        }
      }
      duplicates += Math.max(0, got.size() - want.size());
      lost += Math.max(0, want.size() - got.size());
    }
    return new Outcome(compared, mismatches, duplicates, lost, differences);
  }

  /**
   * The sequence an output belongs to, within which its order is guaranteed: outputs per key;
   * dead letters per source partition (they keep its offset order; how a key's two input topics
   * interleave differs from run to run, and only decisions are made independent of it).
   */
  private static String orderKey(Domain<?, ?> domain, String topic, byte[] key, byte[] value) {
    if (!topic.equals(domain.deadLetterTopic())) {
      return topic + "|" + keyOf(key);
    }
    var letter = DeadLetters.CODEC.decode(value);
    return topic + "|" + letter.getSourceTopic() + "/" + letter.getSourcePartition();
  }

  /**
   * An output's bytes as compared: as committed, but for a chat response's two timings (how long the
   * decoder and the memory update took, measured on the node), which are zeroed.
   */
  private static byte[] comparable(String topic, byte[] value) {
    if (!topic.equals(ChatDomain.RESPONSES)) {
      return value;
    }
    ChatResponse response = ChatDomain.RESPONSE_CODEC.decode(value);
    response.setRespondMicros(0L);
    response.setMemoryUpdateMicros(0L);
    return ChatDomain.RESPONSE_CODEC.encode(response);
  }

  private static String describe(String key, byte[] value) {
    try {
      String topic = key.substring(0, key.indexOf('|'));
      return switch (topic) {
        case AdsDomain.DECISIONS -> AdsDomain.DECISION_CODEC.decode(value).toString();
        case EegDomain.PREDICTIONS -> EegDomain.PREDICTION_CODEC.decode(value).toString();
        case EegDomain.ALERTS -> EegDomain.ALERT_CODEC.decode(value).toString();
        case ChatDomain.RESPONSES -> ChatDomain.RESPONSE_CODEC.decode(value).toString();
        default -> DeadLetters.CODEC.decode(value).toString();
      };
    } catch (RuntimeException e) {
      return value.length + " bytes";
    }
  }

  /** A record key as text ({@code <null>} for none). */
  static String keyOf(byte[] key) {
    return key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
  }
}
