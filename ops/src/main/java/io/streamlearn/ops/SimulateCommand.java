package io.streamlearn.ops;

import io.streamlearn.ops.report.AdsReport;
import io.streamlearn.ops.report.ChatReport;
import io.streamlearn.ops.report.EegReport;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.chat.ChatSimulationSettings;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.traffic.eeg.EdfReader;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Simulated traffic against a running pipeline (start one with `serve`). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Produce simulated input traffic that reacts to the pipeline's outputs.",
    subcommands = {SimulateCommand.Ads.class, SimulateCommand.Eeg.class, SimulateCommand.Chat.class})
public final class SimulateCommand {

  @Command(name = "ads", mixinStandardHelpOptions = true,
      description = "Campaigns in a linear dynamical world (the paper's configs) bidding on the pipeline's decisions.")
  static final class Ads implements Callable<Integer> {

    @Mixin CommonOptions options;

    @Option(names = "--rounds", defaultValue = "100", description = "Rounds to play (default: ${DEFAULT-VALUE}).")
    long rounds;

    @Option(names = "--campaigns", description = "Number of campaigns (default: ${bundle:streamlearn.simulate.ads.campaigns}, streamlearn.simulate.ads.campaigns).")
    Integer campaigns;

    @Option(names = "--run-id", paramLabel = "ID",
        description = "Appended to every campaign id, so each run plays new campaigns (default: a new one per run,"
            + " run-<seconds since the epoch>; \"\" for none).")
    String runId;

    @Override
    public Integer call() {
      Config config = options.config();
      KafkaClients kafka = options.requireCluster(config, "simulate drives a running pipeline (the cluster `serve` uses)");
      if (rounds < 1) {
        throw new UserError("--rounds must be at least 1");
      }
      Config streamlearn = config.getConfig("streamlearn");
      AdsSettings ads = AdsSettings.fromConfig(streamlearn.getConfig("ads"));
      AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(streamlearn);
      if (campaigns != null) {
        sim = sim.withCampaigns(campaigns);
      }
      sim = sim.withRunId(runId != null ? runId : "run-" + System.currentTimeMillis() / 1000);
      TopicAdmin.ensureTopics(kafka, List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS),
          streamlearn.getConfig("kafka"), false);
      try (AdsSimulator simulator = new AdsSimulator(kafka, ads, sim)) {
        for (long round = 0; round < rounds; round++) {
          simulator.playRound(round);
          if (round == 0 && simulator.decisionTimeouts() > 0) {
            LateInput.check(kafka, sim);
          }
        }
        AdsReport.print(simulator.results(rounds), rounds, simulator.decisionTimeouts(), System.out);
      }
      return 0;
    }
  }

  @Command(name = "eeg", mixinStandardHelpOptions = true,
      description = "Stream EEG recordings into eeg.samples: seeded synthetic ones with known episodes, or an EDF file;"
          + " then score the pipeline's alerts against the episodes.")
  static final class Eeg implements Callable<Integer> {

    @Mixin CommonOptions options;

    @Option(names = "--recordings", description = "Synthetic recordings (default: ${bundle:streamlearn.simulate.eeg.recordings}, streamlearn.simulate.eeg.recordings).")
    Integer recordings;

    @Option(names = "--minutes", description = "Length of each synthetic recording (default: ${bundle:streamlearn.simulate.eeg.duration}, streamlearn.simulate.eeg.duration).")
    Double minutes;

    @Option(names = "--speed", description = "Multiple of real time, 0 = as fast as possible (default: ${bundle:streamlearn.simulate.eeg.speed}, streamlearn.simulate.eeg.speed).")
    Double speed;

    @Option(names = "--seed", description = "Seed of the synthetic recordings (default: ${bundle:streamlearn.simulate.eeg.seed}, streamlearn.simulate.eeg.seed).")
    Long seed;

    @Option(names = "--edf", paramLabel = "FILE", description = "Stream this EDF/EDF+ recording instead of synthetic ones.")
    Path edf;

    @Option(names = "--recording-id", description = "Recording id of the EDF file (default: its file name). Blocks of a"
        + " recording must go forward in time: give another id to stream the same file again.")
    String recordingId;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the injected episodes (ground truth) to this JSON file.")
    Path truth;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
        description = "How long to wait for the pipeline's predictions after the last block (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws IOException {
      Config config = options.config();
      KafkaClients kafka = options.requireCluster(config, "simulate drives a running pipeline (the cluster `serve` uses)");
      Config streamlearn = config.getConfig("streamlearn");
      EegSimulationSettings sim = EegSimulationSettings.fromConfig(streamlearn, System.currentTimeMillis());
      if (recordings != null) {
        sim = sim.withRecordings(recordings);
      }
      if (minutes != null) {
        sim = sim.withDuration(minutes * 60);
      }
      if (speed != null) {
        sim = sim.withSpeed(speed);
      }
      if (seed != null) {
        sim = sim.withSeed(seed);
      }
      if (sim.recordings() < 1 || !(sim.durationSeconds() > 0) || !(sim.speed() >= 0) || waitSeconds < 0) {
        throw new UserError("--recordings must be at least 1, --minutes above 0, --speed at least 0 (0 = as fast as"
            + " possible) and --wait at least 0");
      }
      List<EegSource> sources = new ArrayList<>();
      if (edf != null) {
        sources.add(edfSource(sim.startMillis()));
      } else {
        for (int i = 0; i < sim.recordings(); i++) {
          sources.add(EegSource.synthetic(sim, String.format("eeg-%d-%02d", sim.startMillis() / 1000, i), i));
        }
      }
      TopicAdmin.ensureTopics(kafka, List.of(EegDomain.SAMPLES, EegDomain.PREDICTIONS, EegDomain.ALERTS),
          streamlearn.getConfig("kafka"), false);
      try (EegSimulator simulator = new EegSimulator(kafka)) {
        System.out.printf("streaming %d recording(s) into %s at %s%n", sources.size(), EegDomain.SAMPLES,
            sim.speed() == 0 ? "full speed" : sim.speed() + "x real time");
        long started = System.nanoTime();
        simulator.stream(sources, sim.blockMillis(), sim.speed(), EegSimulator.BlockHook.NONE);
        List<EegSimulator.RecordingResult> results = simulator.awaitOutputs(Duration.ofSeconds(waitSeconds));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (truth != null) {
          ResultsWriter.writeJson(truth, simulator.groundTruth());
          System.out.println("ground truth: " + truth.toAbsolutePath());
        }
        EegReport.print(results, System.out);
        boolean complete = results.stream().allMatch(r -> r.predictions() == r.blocks());
        if (complete && sim.speed() == 0) {
          // At full speed the pipeline sets the pace: its throughput in recordings' worth of real time.
          double signal = sources.stream().mapToDouble(EegSource::durationSeconds).sum();
          System.out.printf("  %.0f s of signal predicted in %.1f s: %.0fx real time, all recordings together%n",
              signal, seconds, signal / seconds);
        }
        return complete ? 0 : 1;
      }
    }

    private EegSource edfSource(long fallbackStartMillis) {
      if (!Files.isRegularFile(edf)) {
        throw new UserError("EDF file " + edf + " does not exist: pass an existing .edf file to --edf");
      }
      EdfReader.Recording recording;
      try {
        recording = EdfReader.read(edf);
      } catch (IOException e) {
        // The reader's messages name the file, the place and the problem; others (permissions) do not.
        String message = String.valueOf(e.getMessage());
        throw new UserError(message.startsWith(edf.toString()) ? message : "cannot read " + edf + ": " + message);
      }
      recording.warnings().forEach(w -> System.err.println("warning: " + w));
      if (recording.signals().isEmpty() || recording.records() == 0) {
        throw new UserError(edf + " has no signal samples to stream");
      }
      String name = edf.getFileName().toString().replaceFirst("(?i)\\.edf$", "");
      EegSource source = EegSource.edf(recording, recordingId != null ? recordingId : name, fallbackStartMillis);
      List<String> leftOut = EegSource.leftOut(recording, source);
      if (!leftOut.isEmpty()) {
        System.out.println("left out (sample rate differs from " + source.sampleRateHz() + " Hz): " + leftOut);
      }
      return source;
    }
  }

  @Command(name = "chat", mixinStandardHelpOptions = true,
      description = "Users in scripted fact dialogues: each conversation sends a turn to chat.turns, waits for its answer,"
          + " then sends the next; then reports fact recall by distance and the answer and memory-update times.")
  static final class Chat implements Callable<Integer> {

    @Mixin CommonOptions options;

    @Option(names = "--conversations", description = "Conversations (default: ${bundle:streamlearn.simulate.chat.conversations}, streamlearn.simulate.chat.conversations).")
    Integer conversations;

    @Option(names = "--turns", description = "Turns per conversation (default: ${bundle:streamlearn.simulate.chat.turns}, streamlearn.simulate.chat.turns).")
    Integer turns;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
        description = "How long to wait for the answers to one turn (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() {
      Config config = options.config();
      KafkaClients kafka = options.requireCluster(config, "simulate drives a running pipeline (the cluster `serve` uses)");
      Config streamlearn = config.getConfig("streamlearn");
      ChatSimulationSettings sim = ChatSimulationSettings.fromConfig(streamlearn, System.currentTimeMillis());
      if (conversations != null) {
        sim = sim.withConversations(conversations);
      }
      if (turns != null) {
        sim = sim.withTurns(turns);
      }
      if (sim.problem() != null || waitSeconds < 1) {
        throw new UserError(sim.problem() != null ? "--conversations/--turns or streamlearn.simulate.chat: " + sim.problem()
            : "--wait must be at least 1 second");
      }
      TopicAdmin.ensureTopics(kafka, List.of(ChatDomain.TURNS, ChatDomain.RESPONSES),
          streamlearn.getConfig("kafka"), false);
      try (ChatSimulator simulator = new ChatSimulator(kafka)) {
        System.out.printf("%d conversations of %d turns into %s%n", sim.conversations(), sim.turns(), ChatDomain.TURNS);
        ChatSimulator.Result result = simulator.play(ChatSimulator.script(sim, "chat-" + sim.startMillis() / 1000), sim,
            Duration.ofSeconds(waitSeconds), ChatSimulator.TurnHook.NONE);
        ChatReport.print(result, System.out);
        return result.unanswered() == 0 ? 0 : 1;
      }
    }
  }
}
