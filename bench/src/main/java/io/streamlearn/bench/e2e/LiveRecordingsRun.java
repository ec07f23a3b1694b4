package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.javadsl.Consumer;

/**
 * bench eeg's live runs: the blocks of R recordings sent at real time, each when its last sample is
 * due, on a fresh embedded broker (so no run reads another's records), through the eeg pipeline
 * (latency to {@code eeg.predictions}) or through a raw {@link Passthrough} (what Kafka alone costs,
 * same commit mode).
 */
final class LiveRecordingsRun {

  static final String PASSTHROUGH = "passthrough";

  static final String PIPELINE = "pipeline";

  private static final String PASSTHROUGH_TOPIC = "bench.eeg-passthrough";

  private final Config config;
  private final EegSimulationSettings sim;
  private final boolean transactions;
  private final double warmupSeconds;
  private final double latencyGoalMs;

  /**
   * @param warmupSeconds start of each run left out of the latency figures
   * @param latencyGoalMs the p99 a run keeps up within
   */
  LiveRecordingsRun(Config config, EegSimulationSettings sim, boolean transactions, double warmupSeconds,
      double latencyGoalMs) {
    this.config = config;
    this.sim = sim;
    this.transactions = transactions;
    this.warmupSeconds = warmupSeconds;
    this.latencyGoalMs = latencyGoalMs;
  }

  /** One run of {@code count} recordings' {@code blocks} ({@link EegBlocks}) in {@code mode}. */
  LiveRun run(String mode, int count, List<ProducerRecord<byte[], byte[]>> blocks) throws Exception {
    boolean pipeline = mode.equals(PIPELINE);
    try (Node node = Node.open(config, "")) {
      Domain<?, ?> eeg = DomainCatalog.create("eeg", config);
      node.ensureTopics(List.of(eeg));
      TopicAdmin.ensureTopics(node.kafka(), List.of(PASSTHROUGH_TOPIC), config.getConfig("streamlearn.kafka"), false);
      ActorSystem<Void> passthroughSystem = null;
      Consumer.DrainingControl<Done> passthrough = null;
      if (pipeline) {
        node.startPipelines(List.of(eeg));
      } else {
        passthroughSystem = Node.newActorSystem("bench-eeg-passthrough", config);
        passthrough = Passthrough.start(passthroughSystem, node.kafka(), Set.of(EegDomain.SAMPLES), PASSTHROUGH_TOPIC,
            transactions, "bench-eeg-passthrough", record -> { });
      }
      long blockNanos = Math.round(sim.blockSamples() / sim.sampleRateHz() * 1e9);
      BlockClock clock = new BlockClock(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), sim.startMillis(), blockNanos);
      BlockLatencyReader reader = new BlockLatencyReader(node.kafka(),
          pipeline ? EegDomain.PREDICTIONS : PASSTHROUGH_TOPIC, blocks.size(), clock);
      reader.start();
      EegBlocks.send(node.kafka(), blocks, clock);
      reader.join(TimeUnit.SECONDS.toMillis(120));
      reader.stopReading();
      reader.join();
      if (passthrough != null) {
        passthrough.drainAndShutdown(passthroughSystem.executionContext()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        passthroughSystem.terminate();
        passthroughSystem.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      return reader.result(mode, count, warmupSeconds, latencyGoalMs);
    }
  }

}
