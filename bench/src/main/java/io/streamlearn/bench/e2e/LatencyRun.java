package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.replay.Replay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceWithContext;

/**
 * {@code bench e2e --latency}: the pipeline fed at a fixed rate while it runs, on input topics of
 * its own, each decision timed from when the input record that produced it was due to when a
 * read_committed reader has it. The record that produced a decision is the one after which a
 * reference replay of the same records, in the order they are sent, emits it. Sending starts once
 * the pipeline has joined its group and recovered its partitions; a record is timed from when it
 * was due, not sent, so a sender that falls behind does not hide the delay.
 */
final class LatencyRun {

  private LatencyRun() {}

  static LiveRun run(Contender pipeline, String mode, boolean exactlyOnce, String name, KafkaClients kafka, Config config,
      Domain<?, ?> ads, AdsInput input, int campaigns, double rate, Duration length, double warmupSeconds, double goalMs)
      throws Exception {
    int records = (int) Math.min(Integer.MAX_VALUE - 1, Math.ceil(rate * length.toMillis() / 1e3));
    RunTopics topics = new RunTopics("bench." + name + ".").withOwnInputs();
    topics.create(kafka, config.getConfig("streamlearn.kafka"));
    DecisionLatencyReader reader = new DecisionLatencyReader(kafka, topics.output(),
        triggers(config, ads, input, records), rate);
    reader.start();
    Contender.Running running = pipeline.starter().start(name, topics, exactlyOnce, new AtomicLong());
    try {
      awaitReady(running);
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
        long start = System.nanoTime();
        reader.started(start);
        for (int i = 0; i < records; i++) {
          long due = start + (long) (i * 1e9 / rate);
          for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
          }
          producer.send(input.record(i, topics.input(AdsDomain.IMPRESSIONS), topics.input(AdsDomain.OUTCOMES)));
        }
      }
      reader.await(Duration.ofSeconds(30), running::failed);
    } finally {
      running.stop();
    }
    return reader.result(mode, campaigns, warmupSeconds, goalMs);
  }

  private static void awaitReady(Contender.Running running) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!running.ready()) {
      if (running.failed() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the pipeline did not join its group and recover within 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** Per key, the index of the input record that produced each of its decisions, in order. */
  private static Map<String, int[]> triggers(Config config, Domain<?, ?> ads, AdsInput input, int records)
      throws Exception {
    Map<String, List<Integer>> byKey = new HashMap<>();
    ActorSystem<Void> system = Node.newActorSystem("bench-latency-reference", config);
    try {
      PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
      Source<Pair<ConsumerRecord<byte[], byte[]>, Integer>, NotUsed> indexed = Source.range(0, records - 1)
          .map(i -> Pair.create(consumed(input.record(i, AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES), i), i));
      Replay.outputsWithContext(system, ads, SourceWithContext.fromPairs(indexed),
              settings, new PipelineMetrics(new SimpleMeterRegistry(), ads.name()))
          .runForeach(outputs -> {
            for (ProducerRecord<byte[], byte[]> r : outputs.first()) {
              if (r.topic().equals(AdsDomain.DECISIONS)) {
                byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(outputs.second());
              }
            }
          }, system)
          .toCompletableFuture().get(10, TimeUnit.MINUTES);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    Map<String, int[]> triggers = new HashMap<>();
    byKey.forEach((key, indices) -> triggers.put(key, indices.stream().mapToInt(Integer::intValue).toArray()));
    return triggers;
  }

  private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> r, long offset) {
    return new ConsumerRecord<>(r.topic(), 0, offset, r.timestamp(), TimestampType.CREATE_TIME, r.key().length,
        r.value().length, r.key(), r.value(), new RecordHeaders(), Optional.empty());
  }
}
