package io.streamlearn.bench.chaos;

import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.kafka.KafkaClients;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.streamlearn.models.Rng;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The proof of exactly-once, as Kafka Streams and Flink prove theirs: the pipeline runs as child
 * JVMs ({@code serve}: one node, or several in one Pekko cluster) while a driver produces a fixed,
 * seeded stream (valid traffic of the domains under test: ads campaigns, EEG recordings, chat
 * conversations; malformed records mixed in) and kills nodes with SIGKILL at seeded random moments,
 * restarting each; a cluster also gets a node added and one removed gracefully mid-stream, and, on
 * a broker cluster, one broker node killed and restarted. At the end, every domain's committed
 * outputs (read with read_committed) must equal, byte for byte and in order, those of an
 * uninterrupted run of the same input (a replay of the recorded input topics through the same code
 * path): outputs per key, dead letters per source partition.
 */
public final class ChaosRun {

  /**
   * What a run measured.
   *
   * @param outputs the comparison of each domain's outputs with the uninterrupted run's, in plan order
   * @param stopExitCode exit code of the final SIGTERM (0: drained, committed, snapshots written)
   * @param stopMillis SIGTERM to exit
   * @param entities entities that applied at least one record (all domains)
   * @param snapshotsBehind entities whose latest snapshot after the final stop misses one of their
   *     records (0: every entity's final state was written)
   * @param checkpointRecoveries partition recoveries that replayed from a checkpoint, not the log start
   * @param nodes {@code serve} nodes of the cluster
   * @param brokerKills broker nodes stopped and restarted during the run
   * @param recordsPerSecond input records over the time from the first commit to the last (kills,
   *     recoveries and all: a throughput only with {@code --kills 0})
   * @param selfExits nodes that exited by themselves (a failed stream), each restarted like a killed one
   */
  public record Result(long records, int kills, Map<String, OutputComparison.Outcome> outputs,
      List<Long> recoveryMillis, int stopExitCode, long stopMillis, int entities,
      int snapshotsBehind, long checkpointRecoveries, int nodes, int brokerKills, double recordsPerSecond,
      int selfExits) {

    /** Outputs of the uninterrupted run, all domains. */
    public long compared() {
      return outputs.values().stream().mapToLong(OutputComparison.Outcome::compared).sum();
    }

    public long mismatches() {
      return outputs.values().stream().mapToLong(OutputComparison.Outcome::mismatches).sum();
    }

    public long duplicates() {
      return outputs.values().stream().mapToLong(OutputComparison.Outcome::duplicates).sum();
    }

    public long lost() {
      return outputs.values().stream().mapToLong(OutputComparison.Outcome::lost).sum();
    }

    /** Up to five mismatches per domain, described. */
    public List<String> firstDifferences() {
      return outputs.entrySet().stream()
          .flatMap(e -> e.getValue().firstDifferences().stream().map(d -> e.getKey() + ": " + d)).toList();
    }

    /** The median of the recovery times; -1 for no starts. */
    public long recoveryMedian() {
      return recoveryMillis.isEmpty() ? -1
          : (long) Percentiles.median(recoveryMillis);
    }

    public long recoveryMax() {
      return recoveryMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public boolean exact() {
      return mismatches() == 0 && duplicates() == 0 && lost() == 0;
    }

    public boolean stoppedGracefully() {
      return stopExitCode == 0 && snapshotsBehind == 0;
    }
  }

  /**
   * What a run does.
   *
   * @param nodes {@code serve} nodes: 1, a cluster of itself, killed and restarted; more, one
   *     Pekko cluster in which a random node is killed and restarted at each kill, and after half
   *     the kills one leaves gracefully (SIGTERM) and, once the others took over its partitions, a
   *     node joins in its place. (Never two nodes while one is killed: with two, the split brain
   *     resolver cannot tell a dead node from a cut link, and downs one side either way.)
   */
  public record Plan(long records, int kills, int campaigns, long seed, int nodes, List<String> domains) {
    public static final List<String> ALL_DOMAINS = List.of("ads", "eeg", "chat");

    public Plan {
      if (nodes < 1) {
        throw new IllegalArgumentException("at least one node");
      }
      if (domains.isEmpty() || !ALL_DOMAINS.containsAll(domains)) {
        throw new IllegalArgumentException("domains must be some of " + ALL_DOMAINS + ", not " + domains);
      }
      domains = List.copyOf(domains);
    }

    /** Ads traffic only. */
    public Plan(long records, int kills, int campaigns, long seed, int nodes) {
      this(records, kills, campaigns, seed, nodes, List.of("ads"));
    }
  }

  /**
   * What every node runs besides its domains. Checkpoints every 200 records of a partition, not
   * 1000: a child lives seconds between kills, and its successors should recover from checkpoints,
   * not only from the log start. A small EEG model (100 neurons, 40 read out): the run proves
   * exactly-once, not forecasts, and must fit in the suite's time.
   */
  static final String NODE_SETTINGS = """
      streamlearn.http.port = 0
      streamlearn.pipeline.checkpoints.every-records = 200
      streamlearn.eeg.reservoir-size = 100
      streamlearn.eeg.readout-neurons = 40
      """;

  private final Config config;
  private final KafkaClients kafka;
  private final Plan plan;
  private final EmbeddedKafka brokers;
  private final Path workDir;
  private final Consumer<String> progress;

  /** @param brokers the broker cluster, if this run may kill one of its nodes (it does with 3 or more); else null */
  public ChaosRun(Config config, KafkaClients kafka, Plan plan, EmbeddedKafka brokers, Path workDir,
      Consumer<String> progress) {
    this.config = config;
    this.kafka = kafka;
    this.plan = plan;
    this.brokers = brokers != null && brokers.nodes() >= 3 ? brokers : null;
    this.workDir = workDir;
    this.progress = progress;
  }

  /** One node, no broker kill. */
  public ChaosRun(Config config, KafkaClients kafka, long records, int kills, int campaigns, long seed, Path workDir,
      Consumer<String> progress) {
    this(config, kafka, new Plan(records, kills, campaigns, seed, 1), null, workDir, progress);
  }

  public Result run() throws Exception {
    Files.createDirectories(workDir);
    // The domains as the nodes run them, for the reference replay.
    Config nodeConfig = ConfigFactory.parseString(NODE_SETTINGS).withFallback(config);
    List<Domain<?, ?>> domains = plan.domains().stream()
        .<Domain<?, ?>>map(name -> domainTopics(name, nodeConfig, kafka)).toList();
    List<Long> recoveries = new CopyOnWriteArrayList<>();
    ChaosNodes nodes = new ChaosNodes(kafka.bootstrap(), workDir, plan.nodes(), plan.domains(), NODE_SETTINGS,
        recoveries);
    PipelineSettings pipeline = PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline"));
    Map<String, List<String>> groups = new LinkedHashMap<>();
    domains.forEach(domain -> groups.put(pipeline.groupId(domain), domain.inputTopics()));
    GroupProgress group = new GroupProgress(kafka, groups);

    Rng random = new Rng(plan.seed());
    ChaosInput input = new ChaosInput(kafka, plan.records(), plan.domains(), plan.campaigns(), plan.seed(),
        AdsSettings.fromConfig(config.getConfig("streamlearn.ads")));
    Thread producer = new Thread(input::produce, "chaos-producer");
    producer.setDaemon(true);
    boolean cluster = plan.nodes() > 1;
    int replaceBefore = cluster ? plan.kills() / 2 + 1 : -1;
    int brokerKillBefore = brokers != null ? plan.kills() / 3 + 1 : -1;
    int brokerKills = 0;
    int stopExitCode = 0;
    long stopMillis;
    for (int i = 0; i < plan.nodes(); i++) {
      nodes.start(i);
    }
    AtomicLong firstCommit = new AtomicLong();
    Thread sampler = new Thread(() -> {
      try {
        while (firstCommit.get() == 0 && !Thread.currentThread().isInterrupted()) {
          if (group.committed() > 0) {
            firstCommit.set(System.nanoTime());
          }
          Thread.sleep(100);
        }
      } catch (Exception stopped) {
        // interrupted, or Kafka went away: no rate
      }
    }, "chaos-first-commit");
    sampler.setDaemon(true);
    long lastCommit;
    try {
      producer.start();
      sampler.start();
      try (Progress bar = Progress.start("chaos", plan.kills(), "kills")) {
        for (int kill = 1; kill <= plan.kills(); kill++) {
          if (kill == replaceBefore) {
            nodes.awaitHealthy(Duration.ofSeconds(120), progress);
            int leaving = pick(random, nodes.occupied());
            int exit = nodes.stop(leaving);
            stopExitCode = exit != 0 ? exit : stopExitCode;
            progress.accept("node " + (leaving + 1) + " left the cluster gracefully (exit code " + exit + ")");
            Thread.sleep(3000 + random.nextInt(3000));
            nodes.start(leaving);
            nodes.awaitRecovered(leaving, Duration.ofSeconds(120));
            progress.accept("a node joined the cluster in its place");
          }
          if (kill == brokerKillBefore) {
            killBroker(random);
            brokerKills++;
          }
          nodes.awaitHealthy(Duration.ofSeconds(120), progress);
          int victim = pick(random, nodes.occupied());
          Thread.sleep(1000 + random.nextInt(4000));
          nodes.kill(victim);
          long committed = group.committed();
          bar.extra(committed + " input records committed");
          bar.step(1);
          progress.accept("kill " + kill + "/" + plan.kills() + (cluster ? " (node " + (victim + 1) + ")" : "")
              + " after " + committed + " committed input records");
          if (cluster) {
            Thread.sleep(500 + random.nextInt(2500)); // the others notice it gone before it comes back
          }
          nodes.start(victim);
        }
      }
      producer.join();
      awaitAllCommitted(group, nodes, Duration.ofMinutes(10));
      lastCommit = System.nanoTime();
      sampler.interrupt();
      // The graceful stop under test is of serving pipelines, not of JVMs still starting up.
      nodes.awaitHealthy(Duration.ofSeconds(120), progress);
      long stopping = System.nanoTime();
      for (int exit : nodes.stopAll()) {
        stopExitCode = exit != 0 ? exit : stopExitCode;
      }
      stopMillis = (System.nanoTime() - stopping) / 1_000_000;
    } finally {
      nodes.killAll();
    }
    progress.accept("all " + plan.records() + " input records committed; SIGTERM exit code " + stopExitCode + " after "
        + stopMillis + " ms; comparing with an uninterrupted replay");
    Map<String, OutputComparison.Outcome> outputs = new LinkedHashMap<>();
    int entities = 0;
    int behind = 0;
    for (Domain<?, ?> domain : domains) {
      outputs.put(domain.name(), OutputComparison.run(nodeConfig, kafka, domain, workDir));
      FinalSnapshots.Check snapshots = FinalSnapshots.check(kafka, domain);
      entities += snapshots.entities();
      behind += snapshots.behind();
    }
    return new Result(plan.records(), plan.kills(), outputs, List.copyOf(recoveries), stopExitCode, stopMillis,
        entities, behind, nodes.checkpointRecoveries(), plan.nodes(), brokerKills,
        firstCommit.get() == 0 ? 0 : plan.records() / ((lastCommit - firstCommit.get()) / 1e9), nodes.selfExits());
  }

  private static int pick(Rng random, List<Integer> slots) {
    return slots.get(random.nextInt(slots.size()));
  }

  /** One broker node down for a few seconds, then back on its log directory; the other two keep the quorum. */
  private void killBroker(Rng random) throws InterruptedException {
    int node = 2 + random.nextInt(brokers.nodes() - 1);
    brokers.stopNode(node);
    progress.accept("broker node " + node + " stopped");
    Thread.sleep(3000 + random.nextInt(3000));
    brokers.startNode(node);
    progress.accept("broker node " + node + " restarted");
  }

  /** The ads domain, with its topics created as {@code serve} would. */
  static Domain<?, ?> adsTopics(Config config, KafkaClients kafka) {
    return domainTopics("ads", config, kafka);
  }

  /** A domain of the catalog, with its topics created as {@code serve} would. */
  static Domain<?, ?> domainTopics(String name, Config config, KafkaClients kafka) {
    Domain<?, ?> domain = DomainCatalog.create(name, config);
    TopicAdmin.ensureTopics(kafka, List.of(domain), config.getConfig("streamlearn.kafka"));
    return domain;
  }

  /** Waits until the group committed every input record, restarting any node that died on its own. */
  private void awaitAllCommitted(GroupProgress group, ChaosNodes nodes, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (group.allCommitted()) {
        return;
      }
      nodes.restartExited(progress);
      Thread.sleep(500);
    }
    throw new IllegalStateException("the pipelines did not commit all input within " + timeout);
  }
}
