package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The end of a run: the moment a read_committed reader of its output topic has seen all the
 * records a complete run commits. Outputs of open or aborted transactions are not counted.
 */
final class CommittedWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final long target;
  private long seen;
  private long firstNanos;
  private long firstSeen;

  /** Assigned to every partition of {@code topic} from its start before the run begins writing. */
  CommittedWatch(KafkaClients kafka, String topic, long target) {
    // A short fetch wait, so the reader answers within a few ms of a commit.
    this.consumer = CommittedReader.consumer(kafka, Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000"));
    this.topic = topic;
    this.target = target;
    CommittedReader.assignFromStart(consumer, topic);
  }

  /**
   * Polls until {@code target} records were read; returns {@link System#nanoTime()} then.
   *
   * @throws IllegalStateException when the run failed or nothing new was committed for {@code stall}
   */
  long awaitAll(Duration stall, BooleanSupplier failed) {
    long lastProgress = System.nanoTime();
    while (seen < target) {
      int n = consumer.poll(Duration.ofMillis(5)).count();
      long now = System.nanoTime();
      if (n > 0) {
        if (seen == 0) {
          firstNanos = now;
          firstSeen = n;
        }
        seen += n;
        lastProgress = now;
      } else if (failed.getAsBoolean() || now - lastProgress > stall.toNanos()) {
        throw new IllegalStateException((failed.getAsBoolean() ? "the run failed" : "nothing committed for "
            + TimeUnit.NANOSECONDS.toSeconds(now - lastProgress) + " s") + " after " + seen + " of " + target
            + " outputs in " + topic);
      }
    }
    return System.nanoTime();
  }

  long seen() {
    return seen;
  }

  /** When the first outputs were read ({@link System#nanoTime()}); 0 before. */
  long firstNanos() {
    return firstNanos;
  }

  /** How many outputs the first poll that read any returned. */
  long firstSeen() {
    return firstSeen;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
