package io.streamlearn.bench.e2e;

import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a paced run's decisions (read_committed, from the start of its output topic) and times
 * each from when the input record that produced it was due: the j-th decision of a key comes from
 * the input the reference replay names for it ({@code triggers}), due at {@code start + i / rate}.
 */
final class DecisionLatencyReader extends Thread {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, int[]> triggers;
  private final int expected;
  private final double rate;
  private final Map<String, Integer> seen = new HashMap<>();
  private final double[] dueSeconds;
  private final double[] latencyMs;
  private volatile long startNanos;
  private volatile int received;
  private volatile int unexpected;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  DecisionLatencyReader(KafkaClients kafka, String topic, Map<String, int[]> triggers, double rate) {
    super("bench-e2e-latency");
    this.consumer = CommittedReader.consumer(kafka, Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5"));
    this.triggers = triggers;
    this.expected = triggers.values().stream().mapToInt(t -> t.length).sum();
    this.rate = rate;
    this.dueSeconds = new double[expected];
    this.latencyMs = new double[expected];
    CommittedReader.assignFromStart(consumer, topic);
  }

  int expected() {
    return expected;
  }

  /** When input record 0 was due; set before it is sent. */
  void started(long nanos) {
    startNanos = nanos;
  }

  @Override
  public void run() {
    try {
      while (!stopped && received < expected) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
          long now = System.nanoTime();
          String key = new String(r.key(), StandardCharsets.UTF_8);
          int j = seen.merge(key, 1, Integer::sum) - 1;
          int[] keyTriggers = triggers.get(key);
          if (keyTriggers == null || j >= keyTriggers.length || received >= expected) {
            unexpected++;
            continue;
          }
          double due = keyTriggers[j] / rate;
          dueSeconds[received] = due;
          latencyMs[received] = (now - startNanos) / 1e6 - due * 1e3;
          received++;
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Waits until every decision came, the run failed, or nothing came for {@code stall}. */
  void await(Duration stall, BooleanSupplier failed) throws InterruptedException {
    int last = -1;
    long lastProgress = System.nanoTime();
    while (received < expected && failure == null && !failed.getAsBoolean()
        && System.nanoTime() - lastProgress < stall.toNanos()) {
      if (received != last) {
        last = received;
        lastProgress = System.nanoTime();
      }
      Thread.sleep(50);
    }
    stopped = true;
    join(Duration.ofSeconds(10).toMillis());
  }

  /**
   * The decisions due from {@code warmupSeconds} on; those never received count as infinitely late.
   *
   * @param campaigns keys paced (the run's {@code recordings})
   */
  LiveRun result(String mode, int campaigns, double warmupSeconds, double goalMs) {
    if (failure != null) {
      throw new IllegalStateException("reading the " + mode + " decisions failed", failure);
    }
    if (unexpected > 0) {
      throw new IllegalStateException(unexpected + " decisions more than the reference replay made: the run is not"
          + " the replay's input");
    }
    return LiveRun.of(mode, campaigns, expected, received, dueSeconds, latencyMs, warmupSeconds, goalMs);
  }
}
