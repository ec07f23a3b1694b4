package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.KafkaPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;

/** The sides bench e2e compares, each started per run on the shared inputs and the run's own topics. */
final class Contenders {

  static final String PASSTHROUGH = "passthrough";
  static final String CONNECTORS = "connectors_passthrough";
  static final String PIPELINE = "pipeline";
  static final String STREAMS = "kafka_streams_";

  private Contenders() {}

  /** The plain-client and Pekko Connectors passthroughs, the pipeline, and Kafka Streams at each thread count. */
  static List<Contender> all(Config config, KafkaClients kafka, Domain<?, ?> ads, List<Integer> streamThreads) {
    PipelineSettings pipeline = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    List<Contender> all = new ArrayList<>();
    all.add(new Contender(PASSTHROUGH, false,
        (name, topics, eos, first) -> PlainPassthrough.start(kafka, ads.inputTopics(), topics.output(), eos, name, first)));
    all.add(new Contender(CONNECTORS, false, (name, topics, eos, first) -> connectors(config, kafka, ads, name, topics, eos, first)));
    all.add(new Contender(PIPELINE, true, (name, topics, eos, first) -> pipeline(config, kafka, ads, pipeline, name, topics, eos, first)));
    for (int threads : streamThreads) {
      all.add(new Contender(streamsKey(threads), true, (name, topics, eos, first) -> StreamsPeer.start(kafka,
          isolated(ads, topics, first), topics.output(), threads, eos, name, pipeline.snapshots())));
    }
    return all;
  }

  static String streamsKey(int threads) {
    return STREAMS + threads + (threads == 1 ? "_thread" : "_threads");
  }

  private static Contender.Running connectors(Config config, KafkaClients kafka, Domain<?, ?> ads, String name,
      RunTopics topics, boolean eos, AtomicLong first) {
    ActorSystem<Void> system = Node.newActorSystem(name, config);
    var control = Passthrough.start(system, kafka, Set.copyOf(ads.inputTopics()), topics.output(), eos, name,
        record -> first.compareAndSet(0, System.nanoTime()));
    return new Contender.Running() {
      @Override
      public boolean failed() {
        return control.streamCompletion().toCompletableFuture().isDone();
      }

      @Override
      public void stop() throws Exception {
        try {
          control.drainAndShutdown(system.executionContext()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
          terminate(system);
        }
      }
    };
  }

  private static Contender.Running pipeline(Config config, KafkaClients kafka, Domain<?, ?> ads, PipelineSettings base,
      String name, RunTopics topics, boolean eos, AtomicLong first) throws Exception {
    ActorSystem<Void> system = Node.newActorSystem(name, config);
    try {
      Domain<?, ?> domain = isolated(ads, topics, first);
      PipelineSettings settings = base.withGroupIdPrefix(name + "-").withNodeId(name).withExactlyOnce(eos);
      KafkaPipeline.Running running = KafkaPipeline.start(system, domain, kafka, settings,
          new PipelineMetrics(new SimpleMeterRegistry(), domain.name()), report -> { })
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new Contender.Running() {
        @Override
        public boolean failed() {
          return running.completion().toCompletableFuture().isDone();
        }

        @Override
        public boolean ready() {
          return running.joined() && running.recoveringPartitions() == 0;
        }

        @Override
        public void stop() throws Exception {
          try {
            running.drainAndShutdown(Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
          } finally {
            terminate(system);
          }
        }
      };
    } catch (Exception e) {
      terminate(system);
      throw e;
    }
  }

  private static <E, O> Domain<E, O> isolated(Domain<E, O> ads, RunTopics topics, AtomicLong first) {
    return new IsolatedDomain<>(ads, topics, first);
  }

  private static void terminate(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
