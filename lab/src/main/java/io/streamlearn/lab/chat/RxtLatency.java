package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.ShortTermMemory;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.traffic.chat.FactDialogues;
import java.util.ArrayList;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Per-turn latency over long scripted test dialogues, after unmeasured warm-up conversations: RxT
 * respond() (what the user waits for) and, separately, updateMemory() after it; the baseline's
 * respond(history so far, query). System.nanoTime around each call, one thread. Samples are in ms,
 * {@code [measured turn][conversation]}; token counts are means over the conversations.
 */
record RxtLatency(int[] turns, double[][] rxtRespond, double[][] rxtUpdate, double[][] stateless,
    double[] statelessPromptTokens, double[] rxtAnswerTokens, double[] statelessAnswerTokens) {

  /**
   * Each conversation is a test dialogue of {@code maxTurn} turns. Every turn, RxT answers the
   * scripted query from its memory, then writes the scripted interaction into it; at a measured turn
   * the baseline answers the same query after the scripted turns before it.
   */
  static RxtLatency measure(ReactiveTransformer rxt, StatelessChat baseline, FactDialogues data, int maxTurn,
      int conversations, int warmup, long seed) {
    int[] turns = measuredTurns(maxTurn);
    double[][] respond = new double[turns.length][conversations];
    double[][] update = new double[turns.length][conversations];
    double[][] stateless = new double[turns.length][conversations];
    double[] promptTokens = new double[turns.length];
    double[] rxtAnswer = new double[turns.length];
    double[] statelessAnswer = new double[turns.length];
    Rng rng = new Rng(seed);
    for (int c = -warmup; c < conversations; c++) {
      boolean measured = c >= 0;
      FactDialogues.Dialogue d = data.dialogue(FactDialogues.Split.TEST, maxTurn, 1 + rng.nextInt(Math.min(8, maxTurn - 1)),
          rng);
      ShortTermMemory stm = rxt.initialMemory(rng.nextLong());
      int next = 0;
      for (int t = 1; t <= maxTurn; t++) {
        FactDialogues.Turn turn = d.turns().get(t - 1);
        long a = System.nanoTime();
        String answer = rxt.respond(stm, turn.query());
        long b = System.nanoTime();
        stm = rxt.updateMemory(stm, turn.query(), turn.answer());
        long e = System.nanoTime();
        if (next < turns.length && turns[next] == t) {
          List<FactDialogues.Turn> history = d.turns().subList(0, t - 1);
          long f = System.nanoTime();
          String baselineAnswer = baseline.respond(history, turn.query());
          long g = System.nanoTime();
          if (measured) {
            respond[next][c] = (b - a) / 1e6;
            update[next][c] = (e - b) / 1e6;
            stateless[next][c] = (g - f) / 1e6;
            promptTokens[next] += (tokens(rxt, history) + rxt.vocabulary().prompt(turn.query()).length) / (double) conversations;
            rxtAnswer[next] += rxt.vocabulary().encode(answer).length / (double) conversations;
            statelessAnswer[next] += rxt.vocabulary().encode(baselineAnswer).length / (double) conversations;
          }
          next++;
        }
      }
    }
    return new RxtLatency(turns, respond, update, stateless, promptTokens, rxtAnswer, statelessAnswer);
  }

  /** Turns 1, 2, 4, … up to maxTurn, and maxTurn itself. */
  static int[] measuredTurns(int maxTurn) {
    List<Integer> turns = new ArrayList<>();
    for (int t = 1; t <= maxTurn; t *= 2) {
      turns.add(t);
    }
    if (turns.get(turns.size() - 1) != maxTurn) {
      turns.add(maxTurn);
    }
    return turns.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int tokens(ReactiveTransformer rxt, List<FactDialogues.Turn> history) {
    int n = 0;
    for (FactDialogues.Turn t : history) {
      n += rxt.vocabulary().interaction(t.query(), t.answer()).length;
    }
    return n;
  }

  /** Median at the last measured turn over the median at turn 1. */
  static double ratio(double[][] samples) {
    return Percentiles.median(samples[samples.length - 1]) / Percentiles.median(samples[0]);
  }

  /** The median of each measured turn. */
  static double[] medians(double[][] samples) {
    double[] v = new double[samples.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Percentiles.median(samples[i]);
    }
    return v;
  }

  /** The p99 (nearest rank) of each measured turn. */
  static double[] p99s(double[][] samples) {
    double[] v = new double[samples.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Percentiles.nearestRank(samples[i], 0.99);
    }
    return v;
  }
}
