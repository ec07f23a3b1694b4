package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.traffic.chat.FactDialogues;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * experiment rxt's measurements of one chat checkpoint, in this order and each timed: fact recall by
 * distance k ({@link RecallEvaluation}, seed + 100, the dialogues train-rxt's table uses), per-turn
 * latency ({@link RxtLatency}, seed + 200), and validation perplexity and answer accuracy on
 * train-rxt's validation dialogues (fixed by the checkpoint's train seed).
 */
final class RxtEvaluation {

  static final int[] DISTANCES = {1, 2, 4, 8};

  /** The goal of recall with the STM at k = 8. */
  static final double RECALL_GOAL = 0.9;

  /** The goal of RxT's median respond() at the last turn over turn 1. */
  static final double LATENCY_GOAL = 1.1;

  /**
   * What is evaluated, and with what.
   *
   * @param checkpoint where the checkpoint came from, as reported
   * @param training the train-rxt output its stages come from, or null
   */
  record Setup(String checkpoint, Path training, long seed, long splitSeed, long trainSeed, int dialogues,
      int conversations, int warmup, int maxTurn) {}

  /** The measurements, the seconds each took and the system load average before and after. */
  record Result(List<RecallEvaluation.Row> recall, RxtLatency latency, RxtTrainer.Plan plan,
      RxtTrainer.Validation rxtValidation, RxtTrainer.Validation statelessValidation, double recallSeconds,
      double latencySeconds, double validationSeconds, double seconds, double loadBefore, double loadAfter) {

    double recallK8() {
      return recall.stream().filter(r -> r.k() == 8).findFirst().orElseThrow().stm();
    }

    double rxtRatio() {
      return RxtLatency.ratio(latency.rxtRespond());
    }

    double statelessRatio() {
      return RxtLatency.ratio(latency.stateless());
    }

    boolean recallGoalMet() {
      return recallK8() >= RECALL_GOAL;
    }

    boolean latencyGoalMet() {
      return rxtRatio() <= LATENCY_GOAL;
    }
  }

  private RxtEvaluation() {}

  static Result run(ReactiveTransformer rxt, StatelessChat baseline, FactDialogues data, Setup setup) {
    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long t0 = System.nanoTime();

    List<RecallEvaluation.Row> recall = RecallEvaluation.run(rxt, baseline, data, FactDialogues.Split.TEST, DISTANCES,
        setup.dialogues(), setup.seed() + 100);
    double recallSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    RxtLatency latency = RxtLatency.measure(rxt, baseline, data, setup.maxTurn(), setup.conversations(), setup.warmup(),
        setup.seed() + 200);
    double latencySeconds = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    RxtTrainer.Plan plan = RxtTrainer.Plan.standard(setup.trainSeed());
    RxtTrainer validator = new RxtTrainer(rxt, baseline, data, plan);
    RxtTrainer.Validation rxtValidation = validator.validate();
    RxtTrainer.Validation statelessValidation = validator.validateBaseline();
    double validationSeconds = (System.nanoTime() - t2) / 1e9;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return new Result(recall, latency, plan, rxtValidation, statelessValidation, recallSeconds, latencySeconds,
        validationSeconds, seconds, load0, load1);
  }
}
