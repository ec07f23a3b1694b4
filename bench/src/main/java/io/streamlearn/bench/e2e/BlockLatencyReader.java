package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.CommittedReader;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads one output per block from {@code topic} (read committed, from its start) and times each
 * against its block's due time: the output's timestamp is its block's start.
 */
final class BlockLatencyReader extends Thread {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final int expected;
  private final BlockClock clock;
  private final double[] dueSeconds;
  private final double[] latencyMs;
  private int received;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  BlockLatencyReader(KafkaClients kafka, String topic, int expected, BlockClock clock) {
    super("bench-eeg-latency");
    this.consumer = CommittedReader.consumer(kafka, Map.of());
    CommittedReader.assignFromStart(consumer, topic);
    this.expected = expected;
    this.clock = clock;
    this.dueSeconds = new double[expected];
    this.latencyMs = new double[expected];
  }

  @Override
  public void run() {
    try {
      while (!stopped && received < expected) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          long due = clock.due(record.timestamp());
          if (received < expected) {
            dueSeconds[received] = (due - clock.wallStart()) / 1e9;
            latencyMs[received] = (now - due) / 1e6;
            received++;
          }
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  void stopReading() {
    stopped = true;
  }

  /** Blocks never received count as infinitely late in the percentiles. */
  LiveRun result(String mode, int recordings, double warmupSeconds, double goalMs) {
    if (failure != null) {
      throw new IllegalStateException("reading " + mode + " outputs failed", failure);
    }
    return LiveRun.of(mode, recordings, expected, received, dueSeconds, latencyMs, warmupSeconds, goalMs);
  }
}
