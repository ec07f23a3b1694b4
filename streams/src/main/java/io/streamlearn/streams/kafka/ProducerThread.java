package io.streamlearn.streams.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * A plain Kafka producer confined to a thread of its own, for the pipeline's sinks: its blocking
 * calls (flush, the transaction calls) never run on a stream thread, and a batch's sends are
 * settled with one flush instead of a future per record.
 */
final class ProducerThread {

  private final ExecutorService thread;
  private final CompletableFuture<Producer<byte[], byte[]>> producer;

  /** Creates the producer on the new thread named {@code name}; {@code create} may block. */
  ProducerThread(String name, Supplier<Producer<byte[], byte[]>> create) {
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    });
    this.producer = CompletableFuture.supplyAsync(create, thread);
  }

  /** Runs {@code work} with the producer on its thread, after the producer is created. */
  <T> CompletionStage<T> run(Function<Producer<byte[], byte[]>, T> work) {
    return producer.thenApplyAsync(work, thread);
  }

  /**
   * Sends {@code records} in order and waits until every one is acknowledged; throws the first
   * failed send's error.
   */
  static void sendAndFlush(Producer<byte[], byte[]> p, List<ProducerRecord<byte[], byte[]>> records) {
    AtomicReference<Exception> sendFailed = new AtomicReference<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      p.send(record, (metadata, error) -> {
        if (error != null) {
          sendFailed.compareAndSet(null, error);
        }
      });
    }
    p.flush();
    if (sendFailed.get() != null) {
      throw sendFailed.get() instanceof KafkaException k ? k : new KafkaException(sendFailed.get());
    }
  }

  /** Closes the producer (waiting up to 5 s for what it still sends), then the thread. */
  void close() {
    producer.whenCompleteAsync((p, error) -> {
      if (p != null) {
        p.close(Duration.ofSeconds(5));
      }
    }, thread).whenComplete((ignored, error) -> thread.shutdown());
  }
}
