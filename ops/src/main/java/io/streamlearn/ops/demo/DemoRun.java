package io.streamlearn.ops.demo;

import io.streamlearn.ops.Node;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.ads.MalformedAds;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.traffic.chat.MalformedChat;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.eeg.MalformedEeg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a {@link DemoPlan} against a node's pipelines: the campaigns round by round on this thread,
 * the EEG recordings and the conversations alongside, with bad records slipped into each (they go
 * to the dead-letter topics while the entities carry on). A stop request ends the play at the next
 * round, block or turn, and the result holds what was played until then.
 */
public final class DemoRun {

  private final Node node;
  private final DemoPlan plan;
  private final CompletableFuture<String> stop;
  private final AtomicInteger malformed = new AtomicInteger();

  public DemoRun(Node node, DemoPlan plan, CompletableFuture<String> stop) {
    this.node = node;
    this.plan = plan;
    this.stop = stop;
  }

  public DemoResult play() {
    long started = System.nanoTime();
    ExecutorService side = Executors.newFixedThreadPool(2, r -> new Thread(r, "demo-simulator"));
    try (AdsSimulator ads = new AdsSimulator(node.kafka(), plan.ads(), plan.sim());
        EegSimulator eeg = new EegSimulator(node.kafka());
        ChatSimulator chat = new ChatSimulator(node.kafka())) {
      CompletableFuture<Void> eegStreamed = CompletableFuture.runAsync(() -> streamEeg(eeg), side);
      CompletableFuture<ChatSimulator.Result> chatPlayed = CompletableFuture.supplyAsync(() -> playChat(chat), side);
      long rounds = playAds(ads);
      Duration wait = stop.isDone() ? Duration.ofSeconds(5) : Duration.ofSeconds(60);
      finishedOrStopped(eegStreamed);
      List<EegSimulator.RecordingResult> eegResults = eeg.awaitOutputs(wait);
      ChatSimulator.Result chatResult = finishedOrStopped(chatPlayed);
      awaitDeadLetters(stop.isDone() ? 0 : malformed.get());
      return new DemoResult(rounds, stop.isDone(), ads.results(rounds), ads.decisionTimeouts(), eegResults, chatResult,
          (System.nanoTime() - started) / 1_000_000_000);
    } finally {
      side.shutdownNow();
    }
  }

  private long playAds(AdsSimulator simulator) {
    long total = plan.rounds();
    long progressEvery = Math.max(1, total / 10);
    long round = 0;
    for (; round < total && !stop.isDone(); round++) {
      if (round == total / 2) {
        for (MalformedAds.Sample bad : MalformedAds.samples(plan.sim().campaignId(0), plan.ads().roundStart(round),
            plan.ads().platforms().size())) {
          simulator.sendRaw(bad.topic(), bad.key(), bad.value());
          malformed.incrementAndGet();
        }
      }
      simulator.playRound(round);
      if ((round + 1) % progressEvery == 0 || round + 1 == total) {
        printProgress(simulator, round + 1, total);
      }
    }
    return round;
  }

  /** Streams the recordings; a third of the way into the first, slips in one bad block of each kind. */
  private void streamEeg(EegSimulator simulator) {
    List<EegSource> sources = new ArrayList<>();
    for (int i = 0; i < plan.eeg().recordings(); i++) {
      sources.add(EegSource.synthetic(plan.eeg(), String.format("eeg-demo-%02d", i), i));
    }
    EegSource first = sources.get(0);
    long badAt = plan.eeg().startMillis() + (long) (plan.eeg().durationSeconds() * 1000 / 3);
    boolean[] sent = {false};
    simulator.stream(sources, plan.eeg().blockMillis(), 0, (source, blockStart) -> {
      stopIfAsked();
      if (source == first && !sent[0] && blockStart >= badAt) {
        for (MalformedEeg.Sample sample : MalformedEeg.samples(source, blockStart - plan.eeg().blockMillis(), blockStart,
            plan.eeg().blockSamples())) {
          simulator.sendRaw(sample.key(), sample.value());
          malformed.incrementAndGet();
        }
        sent[0] = true;
      }
    });
  }

  /** Plays the conversations; once half their turns are answered, slips one bad turn of each kind into the first. */
  private ChatSimulator.Result playChat(ChatSimulator simulator) {
    List<ChatSimulator.Scripted> scripted = ChatSimulator.script(plan.chat(), "chat-demo");
    String first = scripted.get(0).conversationId();
    long badAfter = plan.chat().turns() / 2;
    return simulator.play(scripted, plan.chat(), Duration.ofSeconds(60), turn -> {
      stopIfAsked();
      if (turn == badAfter) {
        for (MalformedChat.Sample sample : MalformedChat.samples(first, turn,
            plan.chat().startMillis() + turn * plan.chat().turnIntervalMillis())) {
          simulator.sendRaw(sample.key(), sample.value());
          malformed.incrementAndGet();
        }
      }
    });
  }

  private void stopIfAsked() {
    if (stop.isDone()) {
      throw new CancellationException("stopped by " + stop.join());
    }
  }

  /** The side job's result, or null when a stop request cut it short. */
  private static <T> T finishedOrStopped(CompletableFuture<T> job) {
    try {
      return job.join();
    } catch (CompletionException | CancellationException e) {
      if (e instanceof CancellationException || e.getCause() instanceof CancellationException) {
        return null;
      }
      throw e;
    }
  }

  private void printProgress(AdsSimulator simulator, long round, long total) {
    StringBuilder line = new StringBuilder(String.format("round %4d/%d", round, total));
    Map<String, Long> produced = PipelineMetrics.counts(node.registry(), PipelineMetrics.PRODUCED, "topic");
    line.append(String.format("  eeg predictions %,6d  decisions %,7d  regret per campaign:",
        produced.getOrDefault(EegDomain.PREDICTIONS, 0L), produced.getOrDefault(AdsDomain.DECISIONS, 0L)));
    for (AdsSimulator.PolicyResult result : simulator.results(round)) {
      line.append(String.format("  %s %,.0f", result.policy(), result.meanRegret()));
    }
    System.out.println(line);
  }

  private void awaitDeadLetters(int expected) {
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
