package io.streamlearn.ops.http;

import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one committed-output consumer: tails the output topics from their start with
 * {@code read_committed} into {@link LatestOutputs} (the decision API) and into a second reader
 * (the dashboard's views), with the inputs that reader also draws from their recent end. All
 * partitions are assigned and no group is joined, so every node sees every committed output and
 * never takes partitions from the pipelines.
 * A plain consumer on its own thread rather than a Pekko Connectors source: assign-from-start
 * without a group is direct on the client, and the pipeline's actor system and dispatcher stay
 * untouched by it.
 */
public final class OutputTail implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutputTail.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final LatestOutputs outputs = new LatestOutputs();
  private final Consumer<ConsumerRecord<byte[], byte[]>> also;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long applied;

  private OutputTail(KafkaConsumer<byte[], byte[]> consumer, Consumer<ConsumerRecord<byte[], byte[]>> also) {
    this.consumer = consumer;
    this.also = also;
    this.thread = new Thread(this::run, "streamlearn-output-tail");
    thread.setDaemon(true);
  }

  /**
   * A second reader of the tail.
   *
   * @param outputs the topics it reads from their start, besides the API's
   * @param inputs the topics it reads from {@code inputBacklog} records before their end
   * @param apply what it does with each record (of any tailed topic), on the tail's thread
   */
  public record Also(List<String> outputs, List<String> inputs, Consumer<ConsumerRecord<byte[], byte[]>> apply) {
    public static final Also NONE = new Also(List.of(), List.of(), record -> { });
  }

  /**
   * Starts tailing those of the API's and {@code also}'s topics that are in {@code topics} (the
   * topics of the node's domains, which must exist): outputs from their start, inputs from
   * {@code inputBacklog} records before their end per partition.
   */
  public static OutputTail start(KafkaClients kafka, List<String> topics, Also also, long inputBacklog) {
    Set<String> outputs = new LinkedHashSet<>(LatestOutputs.TOPICS);
    outputs.addAll(also.outputs());
    List<String> fromStart = outputs.stream().filter(topics::contains).toList();
    List<String> tailed = new ArrayList<>(fromStart);
    List<String> inputs = also.inputs().stream().filter(topics::contains).toList();
    tailed.addAll(inputs);
    KafkaConsumer<byte[], byte[]> consumer = CommittedReader.consumer(kafka, Map.of());
    try {
      if (!tailed.isEmpty()) {
        List<TopicPartition> inputPartitions = CommittedReader.assignFromStart(consumer, tailed).stream()
            .filter(tp -> inputs.contains(tp.topic())).toList();
        // The dashboard draws the last minutes of an input; its whole history would only be read to be dropped.
        consumer.endOffsets(inputPartitions).forEach((tp, end) -> {
          if (end > inputBacklog) {
            consumer.seek(tp, end - inputBacklog);
          }
        });
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    OutputTail tail = new OutputTail(consumer, also.apply());
    log.info("decision API and dashboard: reading committed {} from their start and {} from their recent end",
        fromStart, inputs);
    tail.thread.start();
    return tail;
  }

  public LatestOutputs outputs() {
    return outputs;
  }

  /** Records applied so far. */
  public long applied() {
    return applied;
  }

  private void run() {
    try {
      while (!closed) {
        if (consumer.assignment().isEmpty()) {
          // No output topic of the API among the node's domains: nothing to tail; just wait for close.
          Thread.sleep(200);
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            outputs.apply(record);
            also.accept(record);
            applied++;
          } catch (RuntimeException e) {
            // Outputs are ours and decode; one that does not must not stop the API. No key: EEG ids are medical data.
            log.warn("decision API: skipped an undecodable record at {}-{}@{}: {}",
                record.topic(), record.partition(), record.offset(), e.toString());
          }
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // close() asked the loop to stop.
    } catch (RuntimeException e) {
      log.error("decision API: the committed-output consumer stopped; lookups answer from what it read: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Stops the consumer and waits for its thread. */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
