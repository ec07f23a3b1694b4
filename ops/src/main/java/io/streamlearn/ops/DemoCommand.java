package io.streamlearn.ops;

import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.ops.report.Summary;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.AdsReport;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.ops.report.ChatReport;
import io.streamlearn.traffic.chat.ChatSimulationSettings;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.ops.report.EegReport;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.chat.MalformedChat;
import io.streamlearn.traffic.eeg.MalformedEeg;
import io.streamlearn.traffic.ads.MalformedAds;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything in one process: broker, topics, the ads, eeg and chat pipelines, simulated campaigns
 * and, alongside, synthetic EEG recordings streamed as fast as possible and scripted conversations;
 * then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a broker, the ads, eeg and chat pipelines, simulated campaigns, EEG recordings and"
        + " conversations; print a summary.")
final class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--rounds", description = "Rounds to play (default: ${bundle:streamlearn.demo.rounds}, streamlearn.demo.rounds).")
  Long rounds;

  @Option(names = "--campaigns", description = "Campaigns (default: ${bundle:streamlearn.simulate.ads.campaigns}, streamlearn.simulate.ads.campaigns).")
  Integer campaigns;

  @Option(names = "--recordings", description = "EEG recordings (default: ${bundle:streamlearn.demo.eeg.recordings}, streamlearn.demo.eeg.recordings).")
  Integer recordings;

  @Option(names = "--conversations", description = "Chat conversations (default: ${bundle:streamlearn.demo.chat.conversations}, streamlearn.demo.chat.conversations).")
  Integer conversations;

  @Override
  public Integer call() {
    Config config = options.config();
    long totalRounds = rounds != null ? rounds : config.getLong("streamlearn.demo.rounds");
    int campaignCount = campaigns != null ? campaigns : config.getInt("streamlearn.simulate.ads.campaigns");
    int recordingCount = recordings != null ? recordings : config.getInt("streamlearn.demo.eeg.recordings");
    int conversationCount = conversations != null ? conversations : config.getInt("streamlearn.demo.chat.conversations");
    if (totalRounds < 2 || campaignCount < 1 || recordingCount < 1 || conversationCount < 1) {
      throw new UserError("--rounds must be at least 2, --campaigns, --recordings and --conversations at least 1");
    }
    config = sideBySide(config, campaignCount);
    Config streamlearn = config.getConfig("streamlearn");
    AdsSettings ads = AdsSettings.fromConfig(streamlearn.getConfig("ads"));
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(streamlearn).withCampaigns(campaignCount);
    EegSimulationSettings eeg = demoRecordings(streamlearn, recordingCount);
    ChatSimulationSettings chat = ChatSimulationSettings.fromConfig(streamlearn, 0).withConversations(conversationCount)
        .withStart(Instant.parse(streamlearn.getString("demo.chat.start")).toEpochMilli());
    if (chat.problem() != null) {
      throw new UserError("streamlearn.simulate.chat: " + chat.problem());
    }

    long started = System.nanoTime();
    try (Node node = Node.open(config, options.bootstrap(config))) {
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create("ads", config), DomainCatalog.create("eeg", config),
          DomainCatalog.create("chat", config));
      node.ensureTopics(domains);
      node.startPipelines(domains);
      System.out.println("broker " + node.bootstrap() + ", pipelines up in "
          + (System.nanoTime() - started) / 1_000_000 + " ms; playing " + totalRounds + " rounds of "
          + campaignCount + " campaigns (" + sim.environment() + "); streaming " + recordingCount + " EEG recordings of "
          + Math.round(eeg.durationSeconds() / 60) + " min (" + eeg.channels() + " channels at "
          + Math.round(eeg.sampleRateHz()) + " Hz) as fast as possible; " + chat.conversations()
          + " conversations of " + chat.turns() + " turns");
      int malformed = 0;
      ExecutorService side = Executors.newFixedThreadPool(2, r -> new Thread(r, "demo-simulator"));
      try (AdsSimulator simulator = new AdsSimulator(node.kafka(), ads, sim);
          EegSimulator eegSimulator = new EegSimulator(node.kafka());
          ChatSimulator chatSimulator = new ChatSimulator(node.kafka())) {
        CompletableFuture<Integer> eegStreamed = CompletableFuture.supplyAsync(() -> streamEeg(eegSimulator, eeg), side);
        int[] chatMalformed = {0};
        CompletableFuture<ChatSimulator.Result> chatPlayed = CompletableFuture.supplyAsync(
            () -> playChat(chatSimulator, chat, chatMalformed), side);
        long progressEvery = Math.max(1, totalRounds / 10);
        for (long round = 0; round < totalRounds; round++) {
          if (round == totalRounds / 2) {
            // Bad input is data: these go to ads.dlq with a reason while the campaigns go on.
            for (MalformedAds.Sample bad : MalformedAds.samples("campaign-00", ads.roundStart(round), ads.platforms().size())) {
              simulator.sendRaw(bad.topic(), bad.key(), bad.value());
              malformed++;
            }
          }
          simulator.playRound(round);
          if ((round + 1) % progressEvery == 0 || round + 1 == totalRounds) {
            printProgress(simulator, round + 1, totalRounds, node);
          }
        }
        malformed += eegStreamed.join();
        List<EegSimulator.RecordingResult> eegResults = eegSimulator.awaitOutputs(Duration.ofSeconds(60));
        ChatSimulator.Result chatResult = chatPlayed.join();
        malformed += chatMalformed[0];
        awaitDeadLetters(node, malformed);
        System.out.println();
        System.out.println("summary after " + totalRounds + " rounds, " + (System.nanoTime() - started) / 1_000_000_000 + " s:");
        Summary.printCounts(node.registry(), System.out);
        System.out.println("ads:");
        AdsReport.print(simulator, totalRounds, System.out);
        System.out.println("eeg:");
        EegReport.print(eegResults, System.out);
        System.out.println("chat:");
        ChatReport.print(chatResult, System.out);
        Map<String, Long> produced = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic");
        return produced.getOrDefault(AdsDomain.DECISIONS, 0L) > 0 && produced.getOrDefault(EegDomain.PREDICTIONS, 0L) > 0
            && produced.getOrDefault(ChatDomain.RESPONSES, 0L) > 0 ? 0 : 1;
      } finally {
        side.shutdownNow();
      }
    }
  }

  /** streamlearn.simulate.eeg with the demo's count, length and fixed start, streamed as fast as possible. */
  private static EegSimulationSettings demoRecordings(Config streamlearn, int count) {
    Config demo = streamlearn.getConfig("demo.eeg");
    Config withDemoStart = streamlearn.withValue("simulate.eeg.start", demo.getValue("start"));
    return EegSimulationSettings.fromConfig(withDemoStart, 0).withRecordings(count)
        .withDuration(demo.getDuration("duration").toMillis() / 1000.0).withSpeed(0);
  }

  /**
   * Streams the demo's recordings; a third of the way into the first one, slips in one bad block of
   * each kind (they go to eeg.dlq and that recording's model carries on). Returns the bad blocks sent.
   */
  private static int streamEeg(EegSimulator simulator, EegSimulationSettings eeg) {
    List<EegSource> sources = new ArrayList<>();
    for (int i = 0; i < eeg.recordings(); i++) {
      sources.add(EegSource.synthetic(eeg, String.format("eeg-demo-%02d", i), i));
    }
    EegSource first = sources.get(0);
    long badAt = eeg.startMillis() + (long) (eeg.durationSeconds() * 1000 / 3);
    int[] bad = {0};
    simulator.stream(sources, eeg.blockMillis(), 0, (source, blockStart) -> {
      if (source == first && bad[0] == 0 && blockStart >= badAt) {
        for (MalformedEeg.Sample sample : MalformedEeg.samples(source, blockStart - eeg.blockMillis(), blockStart,
            eeg.blockSamples())) {
          simulator.sendRaw(sample.key(), sample.value());
          bad[0]++;
        }
      }
    });
    return bad[0];
  }

  /**
   * Plays the demo's conversations; once half their turns are answered, slips one bad turn of each
   * kind into the first conversation (they go to chat.dlq and its memory carries on). Counts the bad
   * turns sent into {@code malformed[0]}.
   */
  private static ChatSimulator.Result playChat(ChatSimulator simulator, ChatSimulationSettings chat, int[] malformed) {
    List<ChatSimulator.Scripted> scripted = ChatSimulator.script(chat, "chat-demo");
    String first = scripted.get(0).conversationId();
    long badAfter = chat.turns() / 2;
    return simulator.play(scripted, chat, Duration.ofSeconds(60), turn -> {
      if (turn == badAfter) {
        for (MalformedChat.Sample sample : MalformedChat.samples(first, turn, chat.startMillis() + turn * chat.turnIntervalMillis())) {
          simulator.sendRaw(sample.key(), sample.value());
          malformed[0]++;
        }
      }
    });
  }

  /** Campaign i runs streamlearn.demo.policies[i % size], unless the configuration names its policy. */
  private static Config sideBySide(Config config, int campaignCount) {
    List<String> policies = config.getStringList("streamlearn.demo.policies");
    Map<String, Object> byCampaign = new LinkedHashMap<>();
    for (int i = 0; i < campaignCount; i++) {
      byCampaign.put(String.format("campaign-%02d", i), policies.get(i % policies.size()));
    }
    byCampaign.putAll(config.getConfig("streamlearn.ads.policy-by-campaign").root().unwrapped());
    return config.withValue("streamlearn.ads.policy-by-campaign", ConfigValueFactory.fromMap(byCampaign));
  }

  private static void printProgress(AdsSimulator simulator, long round, long total, Node node) {
    StringBuilder line = new StringBuilder(String.format("round %4d/%d", round, total));
    Map<String, Long> produced = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic");
    line.append(String.format("  eeg predictions %,6d  decisions %,7d  regret per campaign:",
        produced.getOrDefault(EegDomain.PREDICTIONS, 0L), produced.getOrDefault(AdsDomain.DECISIONS, 0L)));
    for (AdsSimulator.PolicyResult result : simulator.results(round)) {
      line.append(String.format("  %s %,.0f", result.policy(), result.meanRegret()));
    }
    System.out.println(line);
  }

  private static void awaitDeadLetters(Node node, int expected) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && PipelineMetrics.counts(node.registry(), PipelineMetrics.DEAD_LETTERS, "reason")
        .values().stream().mapToLong(Long::longValue).sum() < expected) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
