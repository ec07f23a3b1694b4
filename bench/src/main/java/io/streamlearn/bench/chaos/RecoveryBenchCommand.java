package io.streamlearn.bench.chaos;

import com.typesafe.config.Config;
import io.streamlearn.lab.report.Charts;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Recovery time (launch to live) after histories of growing length, with checkpoints and from the log start. */
@Command(name = "recovery", mixinStandardHelpOptions = true,
    description = "For each history length, run the ads pipeline (`serve`, child JVM) over that many records on a fresh"
        + " embedded broker, SIGKILL and restart it, and time launch to every partition live: with checkpoints, and"
        + " (baseline, same history) replaying from the log start.")
public final class RecoveryBenchCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--records", split = ",", defaultValue = "1000000,5000000",
      description = "History lengths, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Long> records;

  @Option(names = "--restarts", defaultValue = "5", description = "Restarts with checkpoints per history (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--baseline-restarts", defaultValue = "1",
      description = "Restarts replaying from the log start per history (default: ${DEFAULT-VALUE}; 0: none).")
  int baselineRestarts;

  @Option(names = "--campaigns", defaultValue = "500", description = "Keys (default: ${DEFAULT-VALUE}).")
  int campaigns;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--class-data-sharing", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start every serve JVM from an AppCDS archive of its classes, written by a first short run"
          + " (default: ${DEFAULT-VALUE}; --no-class-data-sharing for a cold JVM).")
  boolean classDataSharing;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, recovery.csv and recovery.png here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (records.stream().anyMatch(n -> n < 1000) || restarts < 1 || baselineRestarts < 0 || campaigns < 1) {
      throw new UserError("--records must each be at least 1000, --restarts at least 1, --baseline-restarts at least 0,"
          + " --campaigns at least 1");
    }
    Config config = options.config();
    if (options.bootstrap(config).length() > 0) {
      throw new UserError("bench recovery starts a fresh embedded broker per history; drop --bootstrap");
    }
    RecoverySweep sweep = new RecoverySweep(config, campaigns, restarts, baselineRestarts, seed, classDataSharing,
        Files.createTempDirectory("streamlearn-recovery-"), line -> System.out.println("  " + line));
    List<RecoverySweep.History> histories = new ArrayList<>();
    for (long n : records) {
      RecoverySweep.History h = sweep.run(n);
      histories.add(h);
      System.out.printf("%,d records: from checkpoints, launch to live median %,d ms, max %,d ms (recovery %,d ms,"
          + " %,d records replayed, medians); from the log start %,d ms (%,d records replayed)%n", n,
          RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::millis), RecoverySweep.History.max(h.checkpointed()),
          RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::recoveryMillis),
          RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::replayed),
          RecoverySweep.History.median(h.fromLogStart(), RecoverySweep.Restart::millis),
          RecoverySweep.History.median(h.fromLogStart(), RecoverySweep.Restart::replayed));
    }
    if (out != null) {
      write(histories);
    }
    return 0;
  }

  private void write(List<RecoverySweep.History> histories) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<List<String>> csv = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>(), new ArrayList<>());
    List<String> categories = new ArrayList<>();
    double[] checkpointed = new double[histories.size()];
    double[] fromLogStart = new double[histories.size()];
    for (int i = 0; i < histories.size(); i++) {
      RecoverySweep.History h = histories.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("records", h.records());
      row.put("restarts", h.checkpointed().size());
      row.put("recovery_ms_median", RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::millis));
      row.put("recovery_ms_max", RecoverySweep.History.max(h.checkpointed()));
      row.put("recovery_proper_ms_median", RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::recoveryMillis));
      row.put("replayed_median", RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::replayed));
      row.put("snapshot_records_read_median", RecoverySweep.History.median(h.checkpointed(), RecoverySweep.Restart::snapshotsRead));
      row.put("log_start_recovery_ms_median", RecoverySweep.History.median(h.fromLogStart(), RecoverySweep.Restart::millis));
      row.put("log_start_replayed_median", RecoverySweep.History.median(h.fromLogStart(), RecoverySweep.Restart::replayed));
      rows.add(row);
      add(csv, h.records(), "checkpoint", h.checkpointed());
      add(csv, h.records(), "log-start", h.fromLogStart());
      categories.add(String.format("%,d records", h.records()));
      checkpointed[i] = (long) row.get("recovery_ms_median");
      fromLogStart[i] = (long) row.get("log_start_recovery_ms_median");
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("class_data_sharing", classDataSharing);
    summary.put("histories", rows);
    summary.put("recovery_ms_median", rows.stream().mapToLong(r -> (long) r.get("recovery_ms_median")).max().orElse(-1));
    summary.put("recovery_ms_max", rows.stream().mapToLong(r -> (long) r.get("recovery_ms_max")).max().orElse(-1));
    ResultsWriter.writeSummary(out, summary);
    ResultsWriter.writeCsv(out.resolve("recovery.csv"), List.of("records", "mode", "restart", "launch_to_live_ms", "recovery_ms", "replayed"),
        csv);
    Map<String, double[]> bars = new LinkedHashMap<>();
    bars.put("from checkpoints (median)", checkpointed);
    if (baselineRestarts > 0) {
      bars.put("from the log start", fromLogStart);
    }
    Charts.writePng(out.resolve("recovery.png"),
        Charts.groupedBars("Recovery after a SIGKILL: launch to all partitions live"
            + (classDataSharing ? " (AppCDS)" : ""), "ms", categories, bars, null));
  }

  private static void add(List<List<String>> csv, long records, String mode, List<RecoverySweep.Restart> restarts) {
    for (int i = 0; i < restarts.size(); i++) {
      csv.get(0).add(String.valueOf(records));
      csv.get(1).add(mode);
      csv.get(2).add(String.valueOf(i + 1));
      csv.get(3).add(String.valueOf(restarts.get(i).millis()));
      csv.get(4).add(String.valueOf(restarts.get(i).recoveryMillis()));
      csv.get(5).add(String.valueOf(restarts.get(i).replayed()));
    }
  }
}
