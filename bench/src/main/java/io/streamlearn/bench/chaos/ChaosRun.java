package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.streamlearn.models.Rng;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The proof of exactly-once, as Kafka Streams and Flink prove theirs: the pipeline runs as a child
 * JVM ({@code serve}) while a driver produces a fixed, seeded stream (valid ads traffic for many
 * campaigns, malformed records mixed in) and kills the child with SIGKILL at seeded random moments,
 * restarting it each time. At the end, the committed outputs (decisions and dead letters, read with
 * read_committed) must equal, byte for byte and in order, those of an uninterrupted run of the same
 * input (a replay of the recorded input topics through the same code path): decisions per key,
 * dead letters per source partition.
 */
public final class ChaosRun {

  /**
   * What a run measured.
   *
   * @param stopExitCode exit code of the final SIGTERM (0: drained, committed, snapshots written)
   * @param stopMillis SIGTERM to exit
   * @param entities entities that applied at least one record
   * @param snapshotsBehind entities whose latest snapshot after the final stop misses one of their
   *     records (0: every entity's final state was written)
   * @param checkpointRecoveries partition recoveries that replayed from a checkpoint, not the log start
   */
  public record Result(long records, int kills, long compared, long mismatches, long duplicates, long lost,
      List<Long> recoveryMillis, List<String> firstDifferences, int stopExitCode, long stopMillis, int entities,
      int snapshotsBehind, long checkpointRecoveries) {

    /** The median of the recovery times; -1 for no starts. */
    public long recoveryMedian() {
      return recoveryMillis.isEmpty() ? -1
          : (long) Percentiles.median(recoveryMillis);
    }

    public long recoveryMax() {
      return recoveryMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public boolean exact() {
      return mismatches == 0 && duplicates == 0 && lost == 0;
    }

    public boolean stoppedGracefully() {
      return stopExitCode == 0 && snapshotsBehind == 0;
    }
  }

  private final Config config;
  private final KafkaClients kafka;
  private final long records;
  private final int kills;
  private final int campaigns;
  private final long seed;
  private final Path workDir;
  private final Consumer<String> progress;
  private final List<ChildPipeline> started = new CopyOnWriteArrayList<>();

  public ChaosRun(Config config, KafkaClients kafka, long records, int kills, int campaigns, long seed, Path workDir,
      Consumer<String> progress) {
    this.config = config;
    this.kafka = kafka;
    this.records = records;
    this.kills = kills;
    this.campaigns = campaigns;
    this.seed = seed;
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run() throws Exception {
    Files.createDirectories(workDir);
    Domain<?, ?> ads = adsTopics(config, kafka);
    Path childConfig = workDir.resolve("child.conf");
    // Checkpoints every 200 records of a partition, not 1000: a child lives seconds between kills,
    // and its successors should recover from checkpoints, not only from the log start.
    Files.writeString(childConfig, "streamlearn.domains = [ads]\nstreamlearn.http.port = 0\n"
        + "streamlearn.pipeline.checkpoints.every-records = 200\n");
    GroupProgress group = new GroupProgress(kafka,
        PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")).groupId(ads), ads.inputTopics());

    Rng random = new Rng(seed);
    List<Long> recoveries = new CopyOnWriteArrayList<>();
    ChaosInput input = new ChaosInput(kafka, records, campaigns, seed);
    Thread producer = new Thread(() -> input.produce(AdsSettings.fromConfig(config.getConfig("streamlearn.ads"))),
        "chaos-producer");
    producer.setDaemon(true);
    int partitions = config.getInt("streamlearn.kafka.partitions");
    ChildPipeline child = start(childConfig, partitions, recoveries);
    int stopExitCode;
    long stopMillis;
    try {
      producer.start();
      try (Progress bar = Progress.start("chaos", kills, "kills")) {
        for (int kill = 1; kill <= kills; kill++) {
          child.awaitRecovered(Duration.ofSeconds(120));
          Thread.sleep(1000 + random.nextInt(4000));
          child.kill();
          long committed = group.committed();
          bar.extra(committed + " input records committed");
          bar.step(1);
          progress.accept("kill " + kill + "/" + kills + " after " + committed + " committed input records");
          child = start(childConfig, partitions, recoveries);
        }
      }
      producer.join();
      child = awaitAllCommitted(group, child, childConfig, partitions, recoveries, Duration.ofMinutes(10));
      // The graceful stop under test is of a serving pipeline, not of a JVM still starting up.
      child.awaitRecovered(Duration.ofSeconds(120));
      long stopping = System.nanoTime();
      stopExitCode = child.stop();
      stopMillis = (System.nanoTime() - stopping) / 1_000_000;
    } finally {
      child.kill(); // a failed run must not leave a pipeline behind
    }
    progress.accept("all " + records + " input records committed; SIGTERM exit code " + stopExitCode + " after "
        + stopMillis + " ms; comparing with an uninterrupted replay");
    OutputComparison.Outcome outcome = OutputComparison.run(config, kafka, ads, workDir);
    FinalSnapshots.Check snapshots = FinalSnapshots.check(kafka, ads);
    return new Result(records, kills, outcome.compared(), outcome.mismatches(), outcome.duplicates(), outcome.lost(),
        List.copyOf(recoveries), outcome.firstDifferences(), stopExitCode, stopMillis, snapshots.entities(),
        snapshots.behind(), started.stream().mapToLong(ChildPipeline::checkpointRecoveries).sum());
  }

  /** The ads domain, with its topics created as {@code serve} would. */
  static Domain<?, ?> adsTopics(Config config, KafkaClients kafka) {
    Domain<?, ?> ads = DomainCatalog.create("ads", config);
    TopicAdmin.ensureTopics(kafka, List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS, ads.deadLetterTopic()),
        config.getConfig("streamlearn.kafka"), false);
    TopicAdmin.ensureTopics(kafka, List.of(ads.snapshotTopic()), config.getConfig("streamlearn.kafka"), true);
    return ads;
  }

  private ChildPipeline start(Path childConfig, int partitions, List<Long> recoveries) throws java.io.IOException {
    ChildPipeline child = ChildPipeline.start(kafka.bootstrap(), childConfig, partitions, recoveries);
    started.add(child);
    return child;
  }

  /** Waits until the group committed every input record, restarting the child if it died on its own. */
  private ChildPipeline awaitAllCommitted(GroupProgress group, ChildPipeline child, Path childConfig, int partitions,
      List<Long> recoveries, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (group.allCommitted()) {
        return child;
      }
      if (!child.alive()) {
        progress.accept("the pipeline exited by itself (" + child.lastLine() + "); restarting it");
        child = start(childConfig, partitions, recoveries);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the pipeline did not commit all input within " + timeout);
  }
}
