package io.streamlearn.lab.backtest;

import io.streamlearn.streams.kafka.KafkaClients;
import com.typesafe.config.Config;
import io.streamlearn.lab.report.ReportHtml;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.capture.TopicRecorder;
import io.streamlearn.traffic.eeg.AnnotatedEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Recorded streams through several configurations of the live path; a report an analyst can check. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replay a recording (ads or eeg), topics of a cluster, an EDF/EDF+ file or a directory of them through"
        + " the live path with the live configuration and each --compare'd one; or, with --ope, evaluate a target"
        + " policy on a logged-feedback CSV. Writes report.html, summary.json, CSVs and PNGs into --out.")
public final class BacktestCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--in", paramLabel = "PATH", description = "A recording (from `record`), an .edf file or a directory of .edf files.")
  Path in;

  @Option(names = "--topics", split = ",", paramLabel = "TOPIC", description = "With --bootstrap: topics to backtest instead of --in.")
  List<String> topics;

  @Option(names = "--from", paramLabel = "INSTANT", description = "First event time replayed, e.g. 2026-01-01T00:00:00Z.")
  String from;

  @Option(names = "--to", paramLabel = "INSTANT", description = "End of the replayed event time (exclusive).")
  String to;

  @Option(names = "--compare", split = ",", paramLabel = "NAME", defaultValue = "",
      description = "Configurations beside the live one: ads policies (or all), eeg reservoirs (adaptive, esn, esn:500),"
          + " or .conf files.")
  List<String> compare;

  @Option(names = "--events", paramLabel = "FILE", description = "BIDS events.tsv (onset, duration, eventType) for one EDF file.")
  Path events;

  @Option(names = "--event-pattern", paramLabel = "REGEX", description = "EDF+ annotation texts that are seizures"
      + " (default: seizure words, sz, sz_*).")
  String eventPattern;

  @Option(names = "--ope", description = "Off-policy evaluation of --target-probabilities on the logged feedback --log.")
  boolean ope;

  @Option(names = "--log", paramLabel = "LOG.csv", description = "Logged feedback in OBP's CSV convention (with --ope).")
  Path log;

  @Option(names = "--target-probabilities", paramLabel = "PI.csv", description = "action,position,probability (with --ope).")
  Path targetProbabilities;

  @Option(names = "--replicates", defaultValue = "200", description = "Bootstrap replicates of the model-based counterfactual (default: ${DEFAULT-VALUE}).")
  int replicates;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the bootstraps (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String command = ReportHtml.commandLine(spec);
    if (ope) {
      if (log == null || targetProbabilities == null) {
        throw new UserError("--ope needs --log LOG.csv and --target-probabilities PI.csv");
      }
      var e = OpeBacktest.run(existing(log, "--log"), existing(targetProbabilities, "--target-probabilities"), 1000, seed,
          out, command);
      System.out.printf(java.util.Locale.ROOT, "IPS %.5f, SNIPS %.5f [%.5f, %.5f], DR %.5f, ESS %.1f of %d rows%n",
          e.ips(), e.snips(), e.ciLow(), e.ciHigh(), e.dr(), e.ess(), e.rows());
      return done();
    }
    if (replicates < 2) {
      throw new UserError("--replicates must be at least 2");
    }
    Config config = options.config();
    if (in != null && (Files.isDirectory(in) || in.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".edf"))) {
      return eeg(EegInput.ofEdf(edfFiles(in), events, pattern(), blockMillis(config), 0L), config, command);
    }
    RecordedInput input = RecordedInput.read(recording(config), instant(from, "--from"), instant(to, "--to"));
    if (input.has(AdsDomain.IMPRESSIONS) || input.has(AdsDomain.OUTCOMES)) {
      AdsBacktest.Result r = AdsBacktest.run(input, config, Configurations.policies(compare.isEmpty() || compare.equals(List.of(""))
          ? List.of("all") : compare), replicates, seed);
      AdsReport.write(out, r, command);
      System.out.println("parity: " + r.parity().identical() + " of " + r.parity().recorded()
          + " recorded decisions byte-identical to the live configuration's replay");
      r.policies().forEach(p -> System.out.printf(java.util.Locale.ROOT, "  %-15s model-based %.1f conversions/round,"
          + " SNIPS %.1f%n", p.policy(), p.modelBased().reward() * r.settings().conversionsPerRewardUnit(), p.ope().snips()));
      return done();
    }
    if (input.has(EegDomain.SAMPLES)) {
      return eeg(EegInput.ofRecording(input), config, command);
    }
    if (input.has(ChatDomain.TURNS)) {
      throw new UserError(input.file + ": chat turns; backtest replays ads and eeg recordings (chat: `replay --domain chat`)");
    }
    throw new UserError(input.file + ": no input topic of ads or eeg among " + input.counts().keySet());
  }

  private int eeg(EegInput input, Config config, String command) throws Exception {
    List<EegBacktest.Run> runs = EegBacktest.run(input, Configurations.eeg(config, compare.stream().filter(c -> !c.isBlank()).toList()));
    EegReport.write(out, input, runs, command);
    for (EegBacktest.Run run : runs) {
      System.out.printf(java.util.Locale.ROOT, "%s: %d blocks in %.1f s, %.0f blocks/s, %.1fx real time%n",
          run.configuration().label(), run.outputs().inputs(), run.outputs().seconds(), run.recordsPerSecond(),
          run.realTimeFactor());
    }
    return done();
  }

  private int done() {
    System.out.println("wrote " + out.resolve("report.html") + " and summary.json");
    return 0;
  }

  private Path recording(Config config) throws Exception {
    if (in != null) {
      return in;
    }
    if (topics == null || options.bootstrap(config).isEmpty()) {
      throw new UserError("pass --in FILE (a recording, an .edf file or a directory), or --bootstrap host:port with --topics");
    }
    KafkaClients kafka = options.requireCluster(config, "backtest reads --topics of a running cluster");
    Path file = Files.createTempFile("backtest-", ".avro");
    file.toFile().deleteOnExit();
    try {
      TopicRecorder.record(kafka, topics, file);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return file;
  }

  private static List<Path> edfFiles(Path in) throws Exception {
    if (!Files.isDirectory(in)) {
      return List.of(existing(in, "--in"));
    }
    try (Stream<Path> files = Files.list(in)) {
      List<Path> edf = files.filter(f -> f.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".edf")).sorted().toList();
      if (edf.isEmpty()) {
        throw new UserError(in + ": a directory without .edf files");
      }
      return edf;
    }
  }

  private Pattern pattern() {
    try {
      return eventPattern == null ? AnnotatedEvents.SEIZURE_TEXT : Pattern.compile(eventPattern);
    } catch (PatternSyntaxException e) {
      throw new UserError("--event-pattern: " + e.getDescription() + " in '" + eventPattern + "'");
    }
  }

  private static long blockMillis(Config config) {
    return config.getDuration("streamlearn.simulate.eeg.block").toMillis();
  }

  private static Long instant(String value, String flag) {
    try {
      return value == null ? null : Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new UserError(flag + " '" + value + "' is not an instant like 2026-01-01T00:00:00Z");
    }
  }

  private static Path existing(Path file, String flag) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file (" + flag + ")");
    }
    return file;
  }
}
