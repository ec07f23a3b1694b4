package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.TopicAdmin;
import java.util.List;

/**
 * The topics one measured run writes to, under a prefix of its own: its outputs, and for the
 * pipeline its dead letters and snapshots. Throughput runs share the input topics, written before
 * them, so no run restores state another left, or has its outputs counted for it; a paced run
 * ({@link LatencyRun}) writes its input while it runs, to input topics of its own.
 *
 * @param ownInputs whether the inputs are {@code <prefix><input topic>} instead of the shared ones
 */
record RunTopics(String prefix, String snapshotsPrefix, boolean ownInputs) {

  RunTopics(String prefix) {
    this(prefix, prefix, false);
  }

  /** These topics, but the snapshots of {@code other}: the sharing that made runs skip their input (a test's). */
  RunTopics withSnapshotsOf(RunTopics other) {
    return new RunTopics(prefix, other.snapshotsPrefix, ownInputs);
  }

  /** These topics, with input topics of their own. */
  RunTopics withOwnInputs() {
    return new RunTopics(prefix, snapshotsPrefix, true);
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

  /** The topic this run reads for the shared input topic {@code shared}. */
  String input(String shared) {
    return ownInputs ? prefix + shared : shared;
  }

  /** The shared input topic that {@code topic} stands for in this run. */
  String sharedInput(String topic) {
    return ownInputs && topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
  }

  /** Creates the run's topics, as the runtime creates its own (snapshots compacted). */
  void create(KafkaClients kafka, Config kafkaConfig) {
    TopicAdmin.ensureTopics(kafka, List.of(output(), deadLetters()), kafkaConfig, false);
    TopicAdmin.ensureTopics(kafka, List.of(snapshots()), kafkaConfig, true);
    if (ownInputs) {
      TopicAdmin.ensureTopics(kafka, List.of(input(AdsDomain.IMPRESSIONS), input(AdsDomain.OUTCOMES)), kafkaConfig, false);
    }
  }
}
