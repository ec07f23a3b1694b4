package io.streamlearn.bench.chaos;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Recovery time against history length: for each history, a fresh broker, the ads pipeline
 * ({@code serve} in a child JVM) takes that many records of the chaos stream, then is killed with
 * SIGKILL and restarted, and the time from launch to every partition live is measured. The same
 * history is then recovered with checkpoints off (replay from the log start), side by side in the
 * same run, as the baseline. With {@code classDataSharing}, every JVM starts from an AppCDS archive
 * of the classes {@code serve} loads (written by a first, short run), as an operator would start it.
 */
final class RecoverySweep {

  /**
   * One restart: launch to all partitions live; the recovery proper (partitions assigned to the
   * last one live); the input records the recoveries replayed; the snapshot records they read.
   */
  record Restart(long millis, long recoveryMillis, long replayed, long snapshotsRead) {}

  /** One history length: the restarts with checkpoints, and those replaying from the log start. */
  record History(long records, List<Restart> checkpointed, List<Restart> fromLogStart) {
    static long median(List<Restart> restarts, java.util.function.ToLongFunction<Restart> field) {
      return restarts.isEmpty() ? -1 : (long) Percentiles.median(restarts.stream().map(field::applyAsLong).toList());
    }

    static long max(List<Restart> restarts) {
      return restarts.stream().mapToLong(Restart::millis).max().orElse(-1);
    }
  }

  private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(10);
  private static final List<String> ADS = List.of("ads");

  private final Config config;
  private final int campaigns;
  private final int restarts;
  private final int baselineRestarts;
  private final long seed;
  private final Path workDir;
  private final Consumer<String> progress;
  private final boolean classDataSharing;
  private List<String> jvmOptions;

  RecoverySweep(Config config, int campaigns, int restarts, int baselineRestarts, long seed, boolean classDataSharing,
      Path workDir, Consumer<String> progress) {
    this.classDataSharing = classDataSharing;
    this.config = config;
    this.campaigns = campaigns;
    this.restarts = restarts;
    this.baselineRestarts = baselineRestarts;
    this.seed = seed;
    this.workDir = workDir;
    this.progress = progress;
  }

  History run(long records) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve(records + "-records"));
    Path checkpointed = child(dir, "checkpointed.conf", "");
    Path fromLogStart = child(dir, "log-start.conf", "streamlearn.pipeline.checkpoints.every-records = 0\n");
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
      Domain<?, ?> ads = ChaosRun.adsTopics(config, kafka);
      GroupProgress group = new GroupProgress(kafka,
          PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")).groupId(ads), ads.inputTopics());

      List<Long> ignored = new CopyOnWriteArrayList<>();
      if (jvmOptions == null) {
        jvmOptions = classDataSharing ? writeArchive(kafka.bootstrap(), checkpointed) : List.of();
      }
      ChildPipeline child = ChildPipeline.start(kafka.bootstrap(), checkpointed, ADS, ignored, jvmOptions);
      try {
        child.awaitRecovered(LIVE_TIMEOUT);
        progress.accept(String.format("%,d records: producing while the pipeline runs", records));
        new ChaosInput(kafka, records, campaigns, seed, AdsSettings.fromConfig(config.getConfig("streamlearn.ads"))).produce();
        awaitAllCommitted(group);
        List<Restart> withCheckpoints = new ArrayList<>();
        List<Restart> withoutCheckpoints = new ArrayList<>();
        for (int i = 0; i < restarts + baselineRestarts; i++) {
          boolean baseline = i >= restarts;
          child.kill();
          List<Long> millis = new CopyOnWriteArrayList<>();
          child = ChildPipeline.start(kafka.bootstrap(), baseline ? fromLogStart : checkpointed, ADS, millis,
              jvmOptions);
          child.awaitRecovered(LIVE_TIMEOUT);
          Restart restart = new Restart(millis.get(0), child.recoveryMillis(), child.replayed(),
              child.snapshotRecordsRead());
          (baseline ? withoutCheckpoints : withCheckpoints).add(restart);
          progress.accept(String.format("%,d records: restart %d (%s): live %,d ms after launch, recovery %,d ms,"
              + " %,d records replayed, %,d snapshot records read", records, i + 1,
              baseline ? "from the log start" : "from checkpoints", restart.millis(), restart.recoveryMillis(),
              restart.replayed(), restart.snapshotsRead()));
        }
        child.stop();
        return new History(records, withCheckpoints, withoutCheckpoints);
      } finally {
        child.kill();
      }
    }
  }

  /** Runs {@code serve} once to its live state and stops it, writing the archive of the classes it loaded. */
  private List<String> writeArchive(String bootstrap, Path config) throws Exception {
    Path archive = workDir.resolve("serve.jsa");
    ChildPipeline child = ChildPipeline.start(bootstrap, config, ADS, new CopyOnWriteArrayList<>(),
        List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    try {
      child.awaitRecovered(LIVE_TIMEOUT);
      child.stop();
    } finally {
      child.kill();
    }
    if (!Files.exists(archive)) {
      throw new IllegalStateException("serve wrote no class data sharing archive to " + archive);
    }
    progress.accept(String.format("class data sharing archive of serve: %,d MB", Files.size(archive) >> 20));
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off");
  }

  private static Path child(Path dir, String name, String extra) throws Exception {
    return Files.writeString(dir.resolve(name), "streamlearn.domains = [ads]\nstreamlearn.http.port = 0\n" + extra);
  }

  private static void awaitAllCommitted(GroupProgress group) throws Exception {
    long deadline = System.nanoTime() + LIVE_TIMEOUT.toNanos();
    while (!group.allCommitted()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the pipeline did not commit all input within " + LIVE_TIMEOUT);
      }
      Thread.sleep(500);
    }
  }
}
