package io.streamlearn.ops;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.streams.Domain;
import io.streamlearn.ops.cli.ClusterOptions;
import io.streamlearn.ops.cli.Configs;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.KafkaPipeline;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.kafka.Recovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Consumer;

/**
 * One running streamlearn process: its configuration, its Kafka (embedded unless a bootstrap
 * address is given), its metrics registry and, once asked for, its actor system (a Pekko cluster
 * node that joins itself unless seed nodes are configured) and domain pipelines.
 */
public final class Node implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Config config;
  private final EmbeddedKafka embedded;
  private final KafkaClients kafka;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics jvmGc = new JvmGcMetrics();
  private final List<KafkaPipeline.Running> pipelines = new ArrayList<>();
  private final List<Recovery.Report> recoveries = new CopyOnWriteArrayList<>();
  private volatile Consumer<Recovery.Report> onRecovered = report -> { };
  private ActorSystem<Void> system;
  private boolean embeddedClosed;

  private Node(Config config, EmbeddedKafka embedded, KafkaClients kafka) {
    this.config = config;
    this.embedded = embedded;
    this.kafka = kafka;
    // The JVM's own metrics beside the pipelines' (Micrometer's binders), for the same scrape.
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    jvmGc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Connects to {@code bootstrap} with the configured client properties (once it answers within
   * {@code streamlearn.kafka.connect-deadline}), or starts the embedded broker when it is empty.
   */
  public static Node open(Config config, String bootstrap) {
    if (!bootstrap.isEmpty()) {
      return new Node(config, null,
          Configs.reachable(KafkaClients.fromConfig(bootstrap, config.getConfig("streamlearn.kafka")), config));
    }
    EmbeddedKafka embedded = EmbeddedKafka.start();
    log.info("embedded Kafka broker at {} (log directory {})", embedded.bootstrapServers(), embedded.logDir());
    return new Node(config, embedded, KafkaClients.of(embedded.bootstrapServers()));
  }

  /** A node without Kafka, for replays into files. */
  public static Node offline(Config config) {
    return new Node(config, null, null);
  }

  public Config config() {
    return config;
  }

  public String bootstrap() {
    return kafka.bootstrap();
  }

  /** How this node's Kafka clients connect. */
  public KafkaClients kafka() {
    return kafka;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Creates the topics of these domains if missing. */
  public void ensureTopics(List<Domain<?, ?>> domains) {
    TopicAdmin.ensureTopics(kafka, domains, config.getConfig("streamlearn.kafka"));
  }

  public synchronized ActorSystem<Void> actorSystem() {
    if (system == null) {
      system = newActorSystem(ClusterOptions.SYSTEM_NAME, config);
      ClusterLog.start(system);
    }
    return system;
  }

  /** A Pekko cluster node; it joins itself unless seed nodes are configured. */
  public static ActorSystem<Void> newActorSystem(String name, Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    return system;
  }

  /**
   * Starts each domain's live pipeline once this node is a member of its cluster; returns when all
   * are consuming.
   */
  public void startPipelines(List<Domain<?, ?>> domains) {
    awaitClusterMember(config.getDuration("streamlearn.cluster.join-deadline"));
    PipelineSettings settings = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    List<CompletableFuture<KafkaPipeline.Running>> starting = new ArrayList<>();
    for (Domain<?, ?> domain : domains) {
      starting.add(KafkaPipeline.start(actorSystem(), domain, kafka, settings,
          new PipelineMetrics(registry, domain.name()), report -> {
            recoveries.add(report);
            Timer.builder("streamlearn.recovery.duration")
                .description("Time a partition took from assignment to live: snapshots restored, committed records replayed")
                .tag("domain", report.domain()).register(registry).record(report.millis(), TimeUnit.MILLISECONDS);
            Counter.builder("streamlearn.recovery.snapshots.restored")
                .description("Entity snapshots restored by partition recoveries")
                .tag("domain", report.domain()).register(registry).increment(report.snapshots());
            onRecovered.accept(report);
          }).toCompletableFuture());
    }
    for (CompletableFuture<KafkaPipeline.Running> pipeline : starting) {
      pipelines.add(pipeline.join());
    }
  }

  /**
   * Waits until this node is up in its cluster. A consumer that took partitions before that would
   * place their shards through a cluster of one that is about to merge into another, and records in
   * flight when the merge rebalances the group would wait for shards that cannot settle.
   */
  private void awaitClusterMember(Duration deadline) {
    CompletableFuture<Void> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(actorSystem())).registerOnMemberUp(() -> up.complete(null));
    List<String> seeds = config.getStringList("pekko.cluster.seed-nodes");
    if (!seeds.isEmpty()) {
      log.info("joining the cluster through seed nodes {}", seeds);
    }
    try {
      up.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UserError("this node did not join a cluster through seed nodes " + seeds + " within "
          + deadline.toSeconds() + " s (streamlearn.cluster.join-deadline): start the first seed node, or check"
          + " --seed-nodes and that their cluster ports are reachable from here");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the cluster", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not join the cluster", e.getCause());
    }
  }

  /** Called after each partition recovery (exactly-once pipelines), before its records go live. */
  public void onRecovered(Consumer<Recovery.Report> listener) {
    this.onRecovered = listener;
  }

  /** Partition recoveries so far (exactly-once pipelines). */
  public List<Recovery.Report> recoveries() {
    return recoveries;
  }

  /**
   * Why this node should not get traffic yet, or empty when it should: the broker answers, every
   * pipeline is consuming, and no partition is still recovering.
   */
  public synchronized Optional<String> notReady() {
    if (pipelines.isEmpty()) {
      return Optional.of("pipelines not started");
    }
    for (KafkaPipeline.Running pipeline : pipelines) {
      if (pipeline.completion().toCompletableFuture().isDone()) {
        return Optional.of("the " + pipeline.domain() + " pipeline stopped");
      }
      if (!pipeline.joined()) {
        return Optional.of("the " + pipeline.domain() + " pipeline has not joined its consumer group yet");
      }
      int recovering = pipeline.recoveringPartitions();
      if (recovering > 0) {
        return Optional.of(recovering + " partition(s) of " + pipeline.domain() + " still recovering");
      }
    }
    try (Admin admin = kafka.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Optional.of("Kafka at " + kafka.bootstrap() + " does not answer");
    }
    return Optional.empty();
  }

  /** Completes when any pipeline stops (a failure is exceptional completion). */
  public CompletableFuture<Object> anyPipelineStopped() {
    return CompletableFuture.anyOf(pipelines.stream()
        .map(p -> p.completion().toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  /**
   * Stops within {@code streamlearn.pipeline.shutdown-deadline}: each pipeline stops consuming,
   * finishes and commits its in-flight records, then parks its entities, writing their final
   * snapshots; then the actor system and the embedded broker stop. Returns whether everything
   * drained and every final snapshot was written in time (if not, nothing is lost: the next start
   * recovers from the last committed snapshots and offsets).
   */
  public synchronized boolean stop() {
    Duration deadline = config.getDuration("streamlearn.pipeline.shutdown-deadline");
    long until = System.nanoTime() + deadline.toNanos();
    boolean clean = true;
    List<CompletableFuture<KafkaPipeline.Drained>> drains = new ArrayList<>();
    for (KafkaPipeline.Running pipeline : pipelines) {
      drains.add(pipeline.drainAndShutdown(deadline).toCompletableFuture());
    }
    for (CompletableFuture<KafkaPipeline.Drained> drain : drains) {
      try {
        KafkaPipeline.Drained drained = drain.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        log.info("drained: {} entities parked, {} final snapshots unwritten", drained.entities(), drained.unwritten());
        clean &= drained.unwritten() == 0;
      } catch (Exception e) {
        log.warn("a pipeline did not drain within {}: {}", deadline, e.toString());
        clean = false;
      }
    }
    pipelines.clear();
    if (system != null) {
      system.terminate();
      try {
        // The actor system gets at least a few seconds even when the drain used up the deadline.
        long left = Math.max(Duration.ofSeconds(5).toNanos(), until - System.nanoTime());
        system.getWhenTerminated().toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        log.warn("actor system did not terminate in time: {}", e.toString());
        clean = false;
      }
      system = null;
    }
    jvmGc.close();
    if (embedded != null && !embeddedClosed) {
      embedded.close();
      embeddedClosed = true;
    }
    return clean;
  }

  @Override
  public void close() {
    stop();
  }
}
