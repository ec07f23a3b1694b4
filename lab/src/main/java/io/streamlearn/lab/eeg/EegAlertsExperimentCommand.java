package io.streamlearn.lab.eeg;

import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.lab.report.Charts;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.traffic.eeg.AlertQuality;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Alert quality of the live EEG model on seeded synthetic recordings with injected seizure-like
 * episodes: the adaptive E/I reservoir against a plain echo state network, each in the per-recording
 * monitor the eeg domain runs (streamlearn.eeg settings, same blocks as the simulator), scored with
 * any-overlap: recall, false alarms per hour, median detection delay; and each one's speed.
 */
@Command(name = "eeg-alerts", mixinStandardHelpOptions = true,
    description = "EEG alert quality (recall, false alarms per hour, detection delay) and speed: adaptive reservoir vs ESN,"
        + " with the live settings (streamlearn.eeg; override with -Dkey=value).")
public final class EegAlertsExperimentCommand implements Callable<Integer> {

  private static final Map<String, EegMonitor.ReservoirKind> METHODS =
      Map.of("adaptive", EegMonitor.ReservoirKind.ADAPTIVE_EI, "esn", EegMonitor.ReservoirKind.ESN);

  @Option(names = "--recordings", defaultValue = "8", description = "Synthetic recordings (default: ${DEFAULT-VALUE}).")
  int recordings;

  @Option(names = "--minutes", defaultValue = "15", description = "Length of each recording (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--seizures-per-hour", defaultValue = "6", description = "Injected episodes per hour (default: ${DEFAULT-VALUE}).")
  double seizuresPerHour;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the recordings (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--n", description = "Reservoir size (default: ${bundle:streamlearn.eeg.reservoir-size}, streamlearn.eeg.reservoir-size).")
  Integer n;

  @Option(names = "--methods", split = ",", defaultValue = "adaptive,esn", paramLabel = "adaptive|esn",
      description = "Reservoirs to compare (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--threads", description = "Recordings run in parallel (default: available processors).")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  /** One recording through one method: its alerts, its score per block, the time the model took. */
  private record Run(String method, int recording, List<SyntheticEeg.Episode> episodes, List<String> labels,
      List<AlertQuality.Alert> alerts, AlertQuality.Result quality, double[] times, double[] scores, long samples,
      double seconds, int artifacts) {}

  @Override
  public Integer call() throws Exception {
    for (String m : methods) {
      if (!METHODS.containsKey(m)) {
        throw new UserError("--methods: '" + m + "' is not one of adaptive, esn");
      }
    }
    int parallel = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (recordings < 1 || !(minutes > 0) || !(seizuresPerHour >= 0) || parallel < 1 || (n != null && n < 2)) {
      throw new UserError("--recordings and --threads must be at least 1, --minutes above 0, --seizures-per-hour at least 0"
          + " and --n at least 2");
    }
    Config streamlearn = ConfigFactory.load().getConfig("streamlearn");
    EegSettings live;
    try {
      live = EegSettings.fromConfig(streamlearn.getConfig("eeg"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserError("bad streamlearn.eeg configuration: " + e.getMessage());
    }
    EegSettings settings = n == null ? live : live.withReservoirSize(n);
    EegSimulationSettings sim = EegSimulationSettings.fromConfig(streamlearn, 0).withRecordings(recordings)
        .withDuration(minutes * 60).withSeizuresPerHour(seizuresPerHour).withSeed(seed);

    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Run> runs = new ArrayList<>();
    try (Progress progress = Progress.start("eeg-alerts", (long) methods.size() * recordings, "recordings")) {
      List<Future<Run>> futures = new ArrayList<>();
      for (String method : methods) {
        for (int r = 0; r < recordings; r++) {
          int recording = r;
          EegSimulationSettings s = sim;
          futures.add(pool.submit(() -> run(method, recording, s, settings)));
        }
      }
      for (Future<Run> f : futures) {
        Run run = f.get();
        runs.add(run);
        progress.step(1);
        System.out.printf(Locale.ROOT, "%-8s recording %2d: episodes %d/%d, false alarms %d, artifact events %d,"
            + " %.0fx real time%n", run.method(), run.recording(), run.quality().detected(), run.quality().episodes(),
            run.quality().falseAlarms(), run.artifacts(), run.samples() / sim.sampleRateHz() / run.seconds());
      }
    } finally {
      pool.shutdownNow();
    }
    write(runs, sim, settings, (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private static Run run(String method, int recording, EegSimulationSettings sim, EegSettings settings) {
    String id = String.format("synthetic-%02d", recording);
    EegSource source = EegSource.synthetic(sim, id, recording);
    EegMonitor monitor = new EegMonitor(settings.monitorConfig(id, source.channelLabels().size(), source.sampleRateHz())
        .withReservoirKind(METHODS.get(method)));
    List<AlertQuality.Alert> alerts = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    long samples = 0;
    long nanos = 0;
    int artifacts = 0;
    int blockSamples = sim.blockSamples();
    AlertQuality.Alert open = null;
    while (!source.finished()) {
      long start = source.nextSampleMillis();
      double[][] block = source.nextBlock(blockSamples);
      long before = System.nanoTime();
      EegMonitor.BlockResult result = monitor.process(block, source.sampleRateHz(), start);
      nanos += System.nanoTime() - before;
      samples += block[0].length;
      times.add((start - sim.startMillis()) / 1000.0);
      scores.add(result.score());
      for (EegMonitor.AlertEvent event : result.events()) {
        if (event.kind() == EegMonitor.Kind.ARTIFACT) {
          artifacts++; // short and huge: its own event type, not an episode alert
        } else if (event.kind() == EegMonitor.Kind.RAISED) {
          open = new AlertQuality.Alert(event.startMillis(), Long.MAX_VALUE, result.endMillis());
          alerts.add(open);
        } else {
          // The monitor has at most one alert open: the last one.
          alerts.set(alerts.size() - 1, new AlertQuality.Alert(open.startMillis(), event.endMillis(), open.raisedAtMillis()));
        }
      }
    }
    AlertQuality.Result quality = AlertQuality.score(source.episodes(), alerts, source.durationSeconds() / 3600);
    return new Run(method, recording, source.episodes(), source.channelLabels(), alerts, quality,
        times.stream().mapToDouble(Double::doubleValue).toArray(), scores.stream().mapToDouble(Double::doubleValue).toArray(),
        samples, nanos / 1e9, artifacts);
  }

  private void write(List<Run> runs, EegSimulationSettings sim, EegSettings settings, double seconds) throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    System.out.printf(Locale.ROOT, "%n%d recordings x %.0f min, %d channels at %.0f Hz, N = %d (%.0f s)%n", recordings,
        minutes, sim.channels(), sim.sampleRateHz(), settings.reservoirSize(), seconds);
    System.out.printf(Locale.ROOT, "%-10s %9s %8s %14s %12s %18s%n", "method", "detected", "recall", "false alarms/h",
        "median delay", "speed (real time)");
    for (String method : methods) {
      List<Run> mine = runs.stream().filter(r -> r.method().equals(method)).toList();
      AlertQuality.Result q = mine.stream().map(Run::quality).reduce(AlertQuality.Result.EMPTY, AlertQuality.Result::plus);
      double samplesPerSecond = mine.stream().mapToLong(Run::samples).sum() / mine.stream().mapToDouble(Run::seconds).sum();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("episodes", q.episodes());
      m.put("detected", q.detected());
      m.put("recall", q.episodes() == 0 ? null : q.recall());
      m.put("false_alarms", q.falseAlarms());
      m.put("false_alarms_per_hour", q.falseAlarmsPerHour());
      m.put("artifact_events", mine.stream().mapToInt(Run::artifacts).sum());
      m.put("median_delay_s", q.delaysMillis().isEmpty() ? null : Percentiles.median(q.delaysMillis()) / 1000);
      m.put("delays_s", q.delaysMillis().stream().map(d -> d / 1000.0).toList());
      m.put("samples_per_s", samplesPerSecond);
      m.put("real_time_factor", samplesPerSecond / sim.sampleRateHz());
      summary.put(method, m);
      String recall = q.episodes() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", q.recall());
      String delay = q.delaysMillis().isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f s", Percentiles.median(q.delaysMillis()) / 1000);
      System.out.printf(Locale.ROOT, "%-10s %9s %8s %14.2f %12s %17.0fx%n", method, q.detected() + "/" + q.episodes(),
          recall, q.falseAlarmsPerHour(), delay, samplesPerSecond / sim.sampleRateHz());
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("recordings", recordings);
    meta.put("minutes", minutes);
    meta.put("seizures_per_hour", seizuresPerHour);
    meta.put("seed", seed);
    meta.put("channels", sim.channels());
    meta.put("sample_rate_hz", sim.sampleRateHz());
    meta.put("block_ms", sim.blockMillis());
    meta.put("settings", settings);
    meta.put("scoring", "any-overlap; delay = episode start to the alert's publication (end of the block that raised it)");
    meta.put("seconds", seconds);
    summary.put("meta", meta);
    ResultsWriter.writeSummary(out, summary);

    List<String> aMethod = new ArrayList<>();
    List<Integer> aRecording = new ArrayList<>();
    List<Double> aStart = new ArrayList<>();
    List<String> aEnd = new ArrayList<>();
    List<Double> aRaised = new ArrayList<>();
    for (Run run : runs) {
      for (AlertQuality.Alert a : run.alerts()) {
        aMethod.add(run.method());
        aRecording.add(run.recording());
        aStart.add(seconds(a.startMillis(), sim));
        aEnd.add(a.endMillis() == Long.MAX_VALUE ? "" : String.valueOf(seconds(a.endMillis(), sim)));
        aRaised.add(seconds(a.raisedAtMillis(), sim));
      }
    }
    ResultsWriter.writeCsv(out.resolve("alerts.csv"), List.of("method", "recording", "start_s", "end_s", "raised_at_s"),
        List.of(aMethod, aRecording, aStart, aEnd, aRaised));
    List<Integer> eRecording = new ArrayList<>();
    List<Double> eStart = new ArrayList<>();
    List<Double> eEnd = new ArrayList<>();
    List<String> eChannels = new ArrayList<>();
    for (Run run : runs.stream().filter(r -> r.method().equals(methods.get(0))).toList()) {
      for (SyntheticEeg.Episode e : run.episodes()) {
        eRecording.add(run.recording());
        eStart.add(seconds(e.startMillis(), sim));
        eEnd.add(seconds(e.endMillis(), sim));
        eChannels.add(String.join(" ", Arrays.stream(e.channels()).mapToObj(run.labels()::get).toList()));
      }
    }
    ResultsWriter.writeCsv(out.resolve("episodes.csv"), List.of("recording", "start_s", "end_s", "channels"),
        List.of(eRecording, eStart, eEnd, eChannels));
    writeScores(runs, settings, sim);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Recording 0's score per block under each method (from its first score on), with the threshold and its episodes. */
  private void writeScores(List<Run> runs, EegSettings settings, EegSimulationSettings sim) throws Exception {
    List<Run> first = runs.stream().filter(r -> r.recording() == 0).toList();
    double[] times = first.get(0).times();
    int from = 0;
    while (from < times.length && unscored(first, from)) {
      from++;
    }
    double[] x = Arrays.copyOfRange(times, from, times.length);
    Map<String, double[]> columns = new LinkedHashMap<>();
    columns.put("time_s", x);
    Map<String, double[]> lines = new LinkedHashMap<>();
    for (Run run : first) {
      double[] score = Arrays.copyOfRange(run.scores(), from, times.length);
      columns.put(run.method(), score);
      lines.put(run.method(), score);
    }
    double[] threshold = new double[x.length];
    Arrays.fill(threshold, settings.raiseThreshold());
    double[] episode = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      for (SyntheticEeg.Episode e : first.get(0).episodes()) {
        if (x[i] >= seconds(e.startMillis(), sim) && x[i] < seconds(e.endMillis(), sim)) {
          episode[i] = 1;
        }
      }
    }
    columns.put("in_episode", episode);
    lines.put("raise threshold", threshold);
    double[] marker = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      marker[i] = episode[i] * 2 * settings.raiseThreshold();
    }
    lines.put("injected episode (on/off)", marker);
    ResultsWriter.writeCsv(out.resolve("scores.csv"), columns);
    Charts.writePng(out.resolve("scores.png"), Charts.lineChartWithBands(
        "Anomaly score of synthetic recording 0 (N = " + settings.reservoirSize() + ")", "event time (s)", "score (z)",
        x, lines, null));
  }

  private static boolean unscored(List<Run> runs, int block) {
    return runs.stream().anyMatch(r -> Double.isNaN(r.scores()[block]));
  }

  private static double seconds(long millis, EegSimulationSettings sim) {
    return (millis - sim.startMillis()) / 1000.0;
  }
}
