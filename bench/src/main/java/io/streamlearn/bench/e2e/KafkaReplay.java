package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.eeg.EegDomain;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * bench eeg's replay through Kafka: one recording's blocks, all in {@code eeg.samples} of a fresh
 * embedded broker before the pipeline starts, then read by the node's eeg pipeline as fast as it
 * goes, in the node's commit mode, until every block's prediction is visible to a read_committed
 * reader.
 */
final class KafkaReplay {

  /**
   * @param predictions the blocks timed: those after the first read's
   * @param seconds from the first predictions read (read_committed) to the last
   */
  record Result(long predictions, double seconds) {}

  private KafkaReplay() {}

  /** @param blocks one recording's blocks ({@link EegBlocks#of}), in order */
  static Result run(Config config, List<ProducerRecord<byte[], byte[]>> blocks) throws Exception {
    try (Node node = Node.open(config, "")) {
      Domain<?, ?> eeg = DomainCatalog.create("eeg", config);
      node.ensureTopics(List.of(eeg));
      EegBlocks.send(node.kafka(), blocks, null);
      try (CommittedWatch watch = new CommittedWatch(node.kafka(), EegDomain.PREDICTIONS, blocks.size())) {
        node.startPipelines(List.of(eeg));
        long end = watch.awaitAll(Duration.ofSeconds(60), () -> false);
        // Timed from the first predictions read, not from the start: group join and the first
        // transaction are a fixed cost, not a rate. The blocks of that first read are not counted.
        if (watch.seen() == watch.firstSeen()) {
          throw new UserError("every prediction came in the first read, which leaves nothing to time:"
              + " give the replay more signal (--replay-minutes)");
        }
        return new Result(watch.seen() - watch.firstSeen(), (end - watch.firstNanos()) / 1e9);
      }
    }
  }
}
