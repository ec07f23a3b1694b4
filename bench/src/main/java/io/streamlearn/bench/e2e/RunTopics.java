package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.TopicAdmin;
import java.util.List;

/**
 * The topics one measured run writes to, under a prefix of its own: its outputs, and for the
 * pipeline its dead letters and snapshots. Only the input topics are shared between runs, so no
 * run restores state another left, or has its outputs counted for it.
 */
record RunTopics(String prefix, String snapshotsPrefix) {

  RunTopics(String prefix) {
    this(prefix, prefix);
  }

  /** These topics, but the snapshots of {@code other}: the sharing that made runs skip their input (a test's). */
  RunTopics withSnapshotsOf(RunTopics other) {
    return new RunTopics(prefix, other.snapshotsPrefix);
  }

  /** The run's copy of the ads decisions, or of the input records for a passthrough. */
  String output() {
    return prefix + "out";
  }

  String deadLetters() {
    return prefix + "ads.dlq";
  }

  String snapshots() {
    return snapshotsPrefix + "ads.snapshots";
  }

  /** Creates the run's topics, as the runtime creates its own (snapshots compacted). */
  void create(KafkaClients kafka, Config kafkaConfig) {
    TopicAdmin.ensureTopics(kafka, List.of(output(), deadLetters()), kafkaConfig, false);
    TopicAdmin.ensureTopics(kafka, List.of(snapshots()), kafkaConfig, true);
  }
}
