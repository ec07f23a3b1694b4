package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ChatCheckpoint;
import io.streamlearn.traffic.chat.FactDialogues;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.RxtConfig;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Files;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the tiny Reactive Transformer through the paper's four curriculum stages and the stateless
 * baseline on synthetic fact dialogues, then measures fact recall on the test split; writes
 * rxt-tiny.bin, stages.csv and summary.json into --out.
 */
@Command(name = "train-rxt", mixinStandardHelpOptions = true,
    description = "Train the tiny RxT (4 curriculum stages) and the stateless baseline on synthetic fact dialogues.")
public final class TrainRxtCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--split-seed", defaultValue = "7",
      description = "Seed of the train/validation/test split of fact values (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--scale", defaultValue = "1.0",
      description = "Multiply every stage's step count, e.g. 0.05 for a smoke run (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--eval-dialogues", defaultValue = "200",
      description = "Test dialogues per distance k for the recall table (default: ${DEFAULT-VALUE}).")
  int evalDialogues;

  /** The trained stages, the seconds each took and the whole training's. */
  private record Training(List<RxtTrainer.StageResult> stages, Map<String, Double> stageSeconds, double seconds) {}

  @Override
  public Integer call() throws Exception {
    if (!(scale > 0) || evalDialogues < 1) {
      throw new UserError("--scale must be > 0 and --eval-dialogues >= 1");
    }
    Files.createDirectories(out);
    Vocabulary vocab = FactDialogues.vocabulary();
    RxtConfig config = RxtConfig.tiny(vocab.size());
    ReactiveTransformer rxt = new ReactiveTransformer(config, vocab, seed);
    StatelessChat baseline = new StatelessChat(config, vocab, seed + 1);
    FactDialogues data = new FactDialogues(splitSeed);
    System.out.printf(Locale.ROOT, "RxT %,d parameters (dim %d, %d layers, %d heads, %d slots, %s memory); baseline %,d%n",
        rxt.parameterCount(), config.dim(), config.layers(), config.heads(), config.slots(), config.memoryVariant(),
        baseline.parameterCount());

    Training training = train(rxt, baseline, data, scaledPlan());
    for (RxtTrainer.StageResult s : training.stages()) {
      System.out.printf(Locale.ROOT, "%-20s %5d steps  loss %.4f -> %.4f  validation: perplexity %.3f, answer accuracy %.3f%n",
          s.stage(), s.steps(), s.firstLoss(), s.lastLoss(), s.validation().perplexity(), s.validation().accuracy());
    }
    System.out.printf(Locale.ROOT, "training took %.1f s%n", training.seconds());

    Path checkpoint = out.resolve("rxt-tiny.bin");
    new ChatCheckpoint(rxt, baseline).save(checkpoint);

    List<RecallEvaluation.Row> recall = RecallEvaluation.run(rxt, baseline, data, FactDialogues.Split.TEST,
        RxtEvaluation.DISTANCES, evalDialogues, seed + 100);
    RecallTable.print(recall, evalDialogues);

    ResultsWriter.writeSummary(out, summary(rxt, baseline, recall, training));
    TrainingOutput.writeStages(out.resolve(TrainingOutput.STAGES), training.stages());
    System.out.println("wrote " + checkpoint.toAbsolutePath() + " and summary.json, stages.csv");
    return 0;
  }

  /** The standard plan with every stage's step count times --scale. */
  private RxtTrainer.Plan scaledPlan() {
    RxtTrainer.Plan standard = RxtTrainer.Plan.standard(seed);
    return new RxtTrainer.Plan(standard.batch(), scaled(standard.jointSteps()),
        scaled(standard.fineTuneSteps()), scaled(standard.memoryPretrainSteps()), scaled(standard.shortDialogueSteps()),
        scaled(standard.memoryAwareSteps()), scaled(standard.baselineSteps()), standard.shortDialogueTurns(),
        standard.dialogueTurns(), standard.maxDistance(), standard.learningRate(), seed);
  }

  private static Training train(ReactiveTransformer rxt, StatelessChat baseline, FactDialogues data, RxtTrainer.Plan plan) {
    long start = System.nanoTime();
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    List<RxtTrainer.StageResult> stages;
    // The second half of each batch on its own thread when there is a second core (same bytes either way).
    ExecutorService secondShard = Runtime.getRuntime().availableProcessors() >= 2
        ? Executors.newSingleThreadExecutor(r -> new Thread(r, "rxt-second-shard")) : null;
    try (StageProgress progress = new StageProgress(stageSeconds)) {
      stages = new RxtTrainer(rxt, baseline, data, plan, secondShard == null ? Runnable::run : secondShard)
          .run(progress);
    } finally {
      if (secondShard != null) {
        secondShard.shutdown();
      }
    }
    return new Training(stages, stageSeconds, (System.nanoTime() - start) / 1e9);
  }

  private Map<String, Object> summary(ReactiveTransformer rxt, StatelessChat baseline, List<RecallEvaluation.Row> recall,
      Training training) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recall", RecallTable.json(recall));
    List<Map<String, Object>> stageJson = new ArrayList<>();
    for (RxtTrainer.StageResult s : training.stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", s.stage());
      m.put("steps", s.steps());
      m.put("first_loss", s.firstLoss());
      m.put("last_loss", s.lastLoss());
      m.put("validation_perplexity", s.validation().perplexity());
      m.put("validation_answer_accuracy", s.validation().accuracy());
      m.put("seconds", training.stageSeconds().get(s.stage()));
      stageJson.add(m);
    }
    summary.put("stages", stageJson);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("seed", seed);
    meta.put("split_seed", splitSeed);
    meta.put("scale", scale);
    meta.put("parameters", rxt.parameterCount());
    meta.put("baseline_parameters", baseline.parameterCount());
    meta.put("train_seconds", training.seconds());
    meta.put("eval_dialogues_per_k", evalDialogues);
    summary.put("meta", meta);
    return summary;
  }

  /** The step count times --scale, at least 1 unless the standard plan has none. */
  private int scaled(int steps) {
    return steps == 0 ? 0 : Math.max(1, (int) Math.round(steps * scale));
  }

  /** One {@link Progress} per stage, with the mean loss over the last 20 steps; records each stage's seconds. */
  private static final class StageProgress implements RxtTrainer.Progress, AutoCloseable {
    private final Map<String, Double> stageSeconds;
    private final double[] recent = new double[20];
    private String current;
    private Progress progress;
    private long stageStart;

    StageProgress(Map<String, Double> stageSeconds) {
      this.stageSeconds = stageSeconds;
    }

    @Override
    public void step(String stage, int step, int steps, double loss, double accuracy) {
      if (!stage.equals(current)) {
        close();
        current = stage;
        stageStart = System.nanoTime();
        progress = Progress.start(stage, steps, "steps");
        Arrays.fill(recent, Double.NaN);
      }
      recent[step % recent.length] = loss;
      double sum = 0;
      int n = 0;
      for (double v : recent) {
        if (!Double.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      stageSeconds.put(stage, (System.nanoTime() - stageStart) / 1e9);
      progress.extra(String.format(Locale.ROOT, "loss %.4f", sum / n)
          + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, ", acc %.3f", accuracy)));
      progress.stepTo(step);
    }

    @Override
    public void close() {
      if (progress != null) {
        progress.close();
        progress = null;
      }
    }
  }
}
