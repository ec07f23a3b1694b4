package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the dashboard costs and how fast it is: N live EEG recordings at real time watched by C
 * WebSocket clients (each block's prediction and signal from when the block was due to the frame's
 * receipt, frames and bytes per second per client); the pipeline's throughput on the same
 * recordings with and without those clients, runs alternating; the decision API's latency under a
 * bidder's fixed-rate load.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Dashboard: event-to-screen delay with N live EEG recordings and C clients, the pipeline's"
        + " throughput with and without them, decision API latency at a fixed lookup rate.")
public final class DashboardBench implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--recordings", defaultValue = "20", description = "Live recordings (default: ${DEFAULT-VALUE}).")
  int recordings;

  @Option(names = "--clients", defaultValue = "5", description = "Dashboard clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--minutes", defaultValue = "1", description = "Signal streamed live (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--warmup", defaultValue = "15", paramLabel = "SECONDS",
      description = "Start of the live run left out of the figures (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--capacity-seconds", defaultValue = "30",
      description = "Signal per recording in each throughput run (default: ${DEFAULT-VALUE}).")
  double capacitySeconds;

  @Option(names = "--pairs", defaultValue = "2", description = "Throughput runs without and with clients, alternating (default: ${DEFAULT-VALUE}).")
  int pairs;

  @Option(names = "--lookups", defaultValue = "5000", paramLabel = "PER_SECOND",
      description = "Decision API lookups per second (default: ${DEFAULT-VALUE}; 0 skips).")
  double lookupsPerSecond;

  @Option(names = "--parts", split = ",", defaultValue = "live,capacity,api",
      description = "Which parts to run: live, capacity, api (default: ${DEFAULT-VALUE}).")
  List<String> parts;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json and delays.csv here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    if (!options.bootstrap(config).isEmpty()) {
      throw new UserError("bench dashboard starts a fresh embedded broker for every run: drop --bootstrap");
    }
    if (recordings < 1 || clients < 1 || !(minutes * 60 > warmupSeconds) || warmupSeconds < 0 || !(capacitySeconds > 0)
        || pairs < 1 || lookupsPerSecond < 0 || !List.of("live", "capacity", "api").containsAll(parts)) {
      throw new UserError("--recordings and --clients must be at least 1, --minutes longer than --warmup,"
          + " --capacity-seconds above 0, --pairs at least 1, --lookups at least 0, --parts of live, capacity, api");
    }
    EegSimulationSettings sim = EegSimulationSettings.fromConfig(config.getConfig("streamlearn"), 1_700_000_000_000L);
    DashboardRuns runs = new DashboardRuns(config);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recordings", recordings);
    summary.put("clients", clients);
    boolean api = parts.contains("api") && lookupsPerSecond > 0;
    long total = (parts.contains("live") ? 1 : 0) + (parts.contains("capacity") ? 2L * pairs : 0) + (api ? 1 : 0);
    try (Progress progress = Progress.start("bench dashboard", total, "runs")) {
      if (parts.contains("live")) {
        live(runs, sim, summary);
        progress.step(1);
      }
      if (parts.contains("capacity")) {
        capacity(runs, sim, summary, progress);
      }
      if (api) {
        LookupLoad.Result load = runs.lookups(200, lookupsPerSecond, 10);
        progress.step(1);
        Map<String, Object> latencies = percentiles(load.latenciesMs());
        latencies.put("lookups_per_s", load.achievedPerSecond());
        latencies.put("failed", load.failed());
        summary.put("decision_api_ms", latencies);
      }
    }
    System.out.printf(Locale.ROOT, "dashboard: %s%n", summary);
    if (out != null) {
      System.out.println("summary: " + ResultsWriter.writeSummary(out, summary).toAbsolutePath());
    }
    return 0;
  }

  private void live(DashboardRuns runs, EegSimulationSettings sim, Map<String, Object> summary) throws Exception {
    DashboardRuns.Live live = runs.live(sim.withDuration(minutes * 60), recordings, clients, warmupSeconds);
    List<Double> prediction = new ArrayList<>();
    List<Double> signal = new ArrayList<>();
    double frames = 0;
    double bytes = 0;
    for (FrameClients.Client c : live.clients()) {
      prediction.addAll(c.predictionDelaysMs);
      signal.addAll(c.signalDelaysMs);
      frames += c.frames.get();
      bytes += c.bytes.get();
    }
    summary.put("prediction_to_screen_ms", percentiles(prediction));
    summary.put("signal_to_screen_ms", percentiles(signal));
    summary.put("frames_per_s_per_client", frames / clients / live.seconds());
    summary.put("bytes_per_s_per_client", bytes / clients / live.seconds());
    if (out != null) {
      ResultsWriter.writeCsv(out.resolve("delays.csv"), Map.of("prediction_to_screen_ms",
          prediction.stream().mapToDouble(Double::doubleValue).toArray()));
    }
  }

  private void capacity(DashboardRuns runs, EegSimulationSettings sim, Map<String, Object> summary, Progress progress)
      throws Exception {
    EegSimulationSettings capacity = sim.withDuration(capacitySeconds);
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      without.add(runs.capacity(capacity, recordings, 0));
      progress.step(1);
      with.add(runs.capacity(capacity, recordings, clients));
      progress.step(1);
    }
    double base = Percentiles.median(without);
    double watched = Percentiles.median(with);
    summary.put("pipeline_records_per_s_without_dashboard", base);
    summary.put("pipeline_records_per_s_with_dashboard", watched);
    summary.put("throughput_ratio", watched / base);
  }

  private static Map<String, Object> percentiles(List<Double> values) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", values.size());
    if (!values.isEmpty()) {
      p.put("p50", Percentiles.nearestRank(values, 0.5));
      p.put("p99", Percentiles.nearestRank(values, 0.99));
      p.put("max", Percentiles.nearestRank(values, 1.0));
    }
    return p;
  }
}
