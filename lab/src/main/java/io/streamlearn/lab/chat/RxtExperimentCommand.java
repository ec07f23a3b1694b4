package io.streamlearn.lab.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.models.chat.ChatCheckpoint;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.traffic.chat.FactDialogues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluation of a chat checkpoint (the tiny Reactive Transformer and its stateless baseline):
 * <ul>
 *   <li>fact recall on test dialogues (values never seen in training) when the fact was stated k = 1, 2,
 *       4, 8 turns before the question: with the STM, with the STM reset to noise before the question,
 *       and the stateless baseline reading the whole history ({@link RecallEvaluation}, seed + 100, the
 *       dialogues train-rxt's table uses);
 *   <li>per-turn latency over long scripted test dialogues, after unmeasured warm-up conversations: RxT
 *       respond() (what the user waits for) and, separately, updateMemory() after it; the baseline's
 *       respond(history so far, query). Median and p99 (nearest rank) over the conversations at turns
 *       1, 2, 4, …, --max-turn;
 *   <li>validation perplexity and answer-token accuracy (teacher-forced, train-rxt's validation
 *       dialogues) of the checkpoint as loaded; the per-stage numbers exist only while training, so they
 *       are read from a train-rxt output's stages.csv when --training is given, never recomputed.
 * </ul>
 * Writes recall.csv, latency.csv, validation.csv, stages.csv (with --training), recall.png,
 * latency.png and summary.json into --out.
 */
@Command(name = "rxt", mixinStandardHelpOptions = true,
    description = {"Chat checkpoint evaluation: fact recall by distance k (STM, STM reset, stateless baseline),"
        + " per-turn latency of RxT and the baseline up to --max-turn, validation perplexity and answer accuracy.",
        "Per-stage validation numbers exist only during training: they are read from --training DIR's stages.csv"
            + " (a train-rxt output); the checkpoint's own final validation is always recomputed."})
public final class RxtExperimentCommand implements Callable<Integer> {
  private static final int DEFAULT_SPLIT_SEED = 7;
  private static final long DEFAULT_TRAIN_SEED = 1;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the test dialogues (recall uses seed + 100, as train-rxt's table does), memories and latency"
          + " conversations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dialogues", defaultValue = "200", description = "Test dialogues per distance k (default: ${DEFAULT-VALUE}).")
  int dialogues;

  @Option(names = "--conversations", defaultValue = "50",
      description = "Measured latency conversations (default: ${DEFAULT-VALUE}).")
  int conversations;

  @Option(names = "--warmup", defaultValue = "5",
      description = "Unmeasured conversations first, to warm up the JIT (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--max-turn", defaultValue = "64",
      description = "Length of the latency conversations, last measured turn (default: ${DEFAULT-VALUE}).")
  int maxTurn;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "A train-rxt rxt-tiny.bin (default: the shipped one).")
  Path checkpoint;

  @Option(names = "--training", paramLabel = "DIR",
      description = "A train-rxt --out directory: its stages.csv gives the per-stage validation numbers.")
  Path training;

  @Option(names = "--split-seed",
      description = "train-rxt --split-seed of the checkpoint: which values are test-only (default: --training's, else 7).")
  Long splitSeed;

  @Option(names = "--train-seed",
      description = "train-rxt --seed of the checkpoint: fixes its validation dialogues (default: --training's, else 1).")
  Long trainSeed;

  @Override
  public Integer call() throws Exception {
    if (dialogues < 1 || conversations < 1 || warmup < 0 || maxTurn < 2) {
      throw new UserError("--dialogues and --conversations must be at least 1, --warmup at least 0 and --max-turn at least 2");
    }
    List<TrainingOutput.Stage> stages = null;
    JsonNode trainingMeta = null;
    if (training != null) {
      stages = TrainingOutput.readStages(training.resolve(TrainingOutput.STAGES));
      trainingMeta = TrainingOutput.readMeta(training.resolve(TrainingOutput.SUMMARY));
    }
    long split = splitSeed != null ? splitSeed : trainingMeta != null && trainingMeta.has("split_seed")
        ? trainingMeta.get("split_seed").asLong() : DEFAULT_SPLIT_SEED;
    long trainedWith = trainSeed != null ? trainSeed : trainingMeta != null && trainingMeta.has("seed")
        ? trainingMeta.get("seed").asLong() : DEFAULT_TRAIN_SEED;
    ChatCheckpoint chat = load();
    ReactiveTransformer rxt = chat.rxt();
    StatelessChat baseline = chat.baseline();
    FactDialogues data = new FactDialogues(split);
    String source = checkpoint == null ? "shipped " + ChatCheckpoint.RESOURCE : checkpoint.toString();
    System.out.printf(Locale.ROOT, "checkpoint %s: RxT %,d parameters, baseline %,d; split seed %d, train seed %d%n", source,
        rxt.parameterCount(), baseline.parameterCount(), split, trainedWith);
    RxtEvaluation.Setup setup = new RxtEvaluation.Setup(source, training, seed, split, trainedWith, dialogues,
        conversations, warmup, maxTurn);
    RxtEvaluation.Result result = RxtEvaluation.run(rxt, baseline, data, setup);
    new RxtReport(out, setup, result, stages).write();

    RecallTable.print(result.recall(), dialogues);
    printLatency(result);
    printValidation(result, stages);
    System.out.printf(Locale.ROOT, "%ngoals: recall with STM at k = 8 >= %.1f: %s (%.3f); rxt(%d)/rxt(1) <= %.1f: %s (%.3f)%n",
        RxtEvaluation.RECALL_GOAL, result.recallGoalMet() ? "met" : "not met", result.recallK8(), maxTurn,
        RxtEvaluation.LATENCY_GOAL, result.latencyGoalMet() ? "met" : "not met", result.rxtRatio());
    System.out.printf(Locale.ROOT, "took %.1f s (recall %.1f, latency %.1f, validation %.1f); load average %.2f -> %.2f%n",
        result.seconds(), result.recallSeconds(), result.latencySeconds(), result.validationSeconds(), result.loadBefore(),
        result.loadAfter());
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private ChatCheckpoint load() {
    if (checkpoint == null) {
      try {
        return ChatCheckpoint.shipped();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return ChatCheckpoint.load(checkpoint);
    } catch (IOException e) {
      throw new UserError("--checkpoint: cannot read " + checkpoint + " as a chat checkpoint ("
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
    }
  }

  private void printLatency(RxtEvaluation.Result result) {
    RxtLatency l = result.latency();
    System.out.printf("%nlatency per turn in ms, median / p99 over %d conversations (%d warm-up conversations first)%n",
        conversations, warmup);
    System.out.printf("%5s %19s %19s %19s %14s%n", "turn", "rxt respond", "rxt update", "stateless respond",
        "stateless prompt tokens");
    for (int i = 0; i < l.turns().length; i++) {
      System.out.printf(Locale.ROOT, "%5d %8.3f / %8.3f %8.3f / %8.3f %8.3f / %8.3f %14.0f%n", l.turns()[i],
          Percentiles.median(l.rxtRespond()[i]), Percentiles.nearestRank(l.rxtRespond()[i], 0.99),
          Percentiles.median(l.rxtUpdate()[i]), Percentiles.nearestRank(l.rxtUpdate()[i], 0.99),
          Percentiles.median(l.stateless()[i]), Percentiles.nearestRank(l.stateless()[i], 0.99),
          l.statelessPromptTokens()[i]);
    }
    System.out.printf(Locale.ROOT, "median at turn %d / turn 1: rxt respond %.3f, stateless respond %.3f%n", maxTurn,
        result.rxtRatio(), result.statelessRatio());
  }

  private void printValidation(RxtEvaluation.Result result, List<TrainingOutput.Stage> stages) {
    System.out.printf(Locale.ROOT, "%nvalidation (train-rxt's validation dialogues, answer tokens, teacher-forced)%n");
    System.out.printf("%-22s %11s %16s%n", "", "perplexity", "answer accuracy");
    System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", "rxt (this checkpoint)", result.rxtValidation().perplexity(),
        result.rxtValidation().accuracy());
    System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", "stateless", result.statelessValidation().perplexity(),
        result.statelessValidation().accuracy());
    if (stages != null) {
      System.out.printf("%nper curriculum stage, from %s%n", training.resolve(TrainingOutput.STAGES));
      for (TrainingOutput.Stage s : stages) {
        System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", s.stage(), s.perplexity(), s.accuracy());
      }
    }
  }
}
