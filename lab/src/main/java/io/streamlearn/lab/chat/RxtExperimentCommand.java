package io.streamlearn.lab.chat;

import io.streamlearn.lab.report.Charts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.models.chat.ChatCheckpoint;
import io.streamlearn.traffic.chat.FactDialogues;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.lab.chat.RecallEvaluation;
import io.streamlearn.lab.chat.RxtTrainer;
import io.streamlearn.models.chat.ShortTermMemory;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.Percentiles;
import io.streamlearn.ops.report.ResultsWriter;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.streamlearn.models.Rng;
import java.util.concurrent.Callable;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
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
  private static final int[] DISTANCES = {1, 2, 4, 8};
  private static final double LATENCY_GOAL = 1.1;
  private static final double RECALL_GOAL = 0.9;
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

  private record Latency(int[] turns, double[][] rxtRespond, double[][] rxtUpdate, double[][] stateless,
      double[] statelessPromptTokens, double[] rxtAnswerTokens, double[] statelessAnswerTokens) {}

  private record Stage(String stage, double perplexity, double accuracy) {}

  @Override
  public Integer call() throws Exception {
    if (dialogues < 1 || conversations < 1 || warmup < 0 || maxTurn < 2) {
      throw new UserError("--dialogues and --conversations must be at least 1, --warmup at least 0 and --max-turn at least 2");
    }
    List<Stage> stages = null;
    JsonNode trainingMeta = null;
    if (training != null) {
      stages = readStages(training.resolve("stages.csv"));
      trainingMeta = readTrainingMeta(training.resolve("summary.json"));
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
    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long t0 = System.nanoTime();

    List<RecallEvaluation.Row> recall = RecallEvaluation.run(rxt, baseline, data, FactDialogues.Split.TEST, DISTANCES,
        dialogues, seed + 100);
    double recallSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    Latency latency = measureLatency(rxt, baseline, data);
    double latencySeconds = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    RxtTrainer.Plan plan = RxtTrainer.Plan.standard(trainedWith);
    RxtTrainer validator = new RxtTrainer(rxt, baseline, data, plan);
    RxtTrainer.Validation rxtValidation = validator.validate();
    RxtTrainer.Validation statelessValidation = validator.validateBaseline();
    double validationSeconds = (System.nanoTime() - t2) / 1e9;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recall", recallJson(recall));
    summary.put("latency_ms", latencyJson(latency));
    int last = latency.turns().length - 1;
    double rxtRatio = median(latency.rxtRespond()[last]) / median(latency.rxtRespond()[0]);
    double statelessRatio = median(latency.stateless()[last]) / median(latency.stateless()[0]);
    Map<String, Object> ratio = new LinkedHashMap<>();
    ratio.put("of", "median latency at turn " + maxTurn + " / median at turn 1");
    ratio.put("rxt", rxtRatio);
    ratio.put("rxt_update", median(latency.rxtUpdate()[last]) / median(latency.rxtUpdate()[0]));
    ratio.put("stateless", statelessRatio);
    summary.put("latency_ratio", ratio);
    Map<String, Object> goals = new LinkedHashMap<>();
    double k8 = recall.stream().filter(r -> r.k() == 8).findFirst().orElseThrow().stm();
    goals.put("recall_stm_k8", ordered("goal", ">= " + RECALL_GOAL, "value", k8, "met", k8 >= RECALL_GOAL));
    goals.put("rxt_latency_ratio", ordered("goal", "<= " + LATENCY_GOAL, "value", rxtRatio, "met", rxtRatio <= LATENCY_GOAL));
    summary.put("goals", goals);
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("rxt", validationJson(rxtValidation));
    validation.put("stateless", validationJson(statelessValidation));
    validation.put("of", "the checkpoint as loaded: answer tokens of train-rxt's validation dialogues (" + plan.dialogueTurns()
        + " turns), teacher-forced; rxt from random STM through memory updates, stateless reading each dialogue whole");
    summary.put("validation", validation);
    if (stages != null) {
      List<Map<String, Object>> stageJson = new ArrayList<>();
      for (Stage s : stages) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage());
        m.put("validation_perplexity", s.perplexity());
        m.put("validation_answer_accuracy", s.accuracy());
        stageJson.add(m);
      }
      summary.put("stages", stageJson);
      summary.put("stages_from", training.resolve("stages.csv").toString());
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("checkpoint", source);
    meta.put("training", training == null ? null : training.toString());
    meta.put("seed", seed);
    meta.put("split_seed", split);
    meta.put("train_seed", trainedWith);
    meta.put("dialogues_per_k", dialogues);
    meta.put("conversations", conversations);
    meta.put("warmup_conversations", warmup);
    meta.put("max_turn", maxTurn);
    meta.put("latency", "System.nanoTime around each call, one thread; scripted answers go into memory and history;"
        + " p99 = nearest rank over the conversations");
    meta.put("processors", Runtime.getRuntime().availableProcessors());
    meta.put("load_average", List.of(load0, load1));
    meta.put("seconds", ordered("recall", recallSeconds, "latency", latencySeconds, "validation", validationSeconds,
        "total", seconds));
    summary.put("meta", meta);
    ResultsWriter.writeSummary(out, summary);
    writeTables(recall, latency, rxtValidation, statelessValidation, stages);
    writePlots(recall, latency);

    printRecall(recall);
    printLatency(latency, rxtRatio, statelessRatio);
    System.out.printf(Locale.ROOT, "%nvalidation (train-rxt's validation dialogues, answer tokens, teacher-forced)%n");
    System.out.printf("%-22s %11s %16s%n", "", "perplexity", "answer accuracy");
    System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", "rxt (this checkpoint)", rxtValidation.perplexity(),
        rxtValidation.accuracy());
    System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", "stateless", statelessValidation.perplexity(),
        statelessValidation.accuracy());
    if (stages != null) {
      System.out.printf("%nper curriculum stage, from %s%n", training.resolve("stages.csv"));
      for (Stage s : stages) {
        System.out.printf(Locale.ROOT, "%-22s %11.3f %16.3f%n", s.stage(), s.perplexity(), s.accuracy());
      }
    }
    System.out.printf(Locale.ROOT, "%ngoals: recall with STM at k = 8 >= %.1f: %s (%.3f); rxt(%d)/rxt(1) <= %.1f: %s (%.3f)%n",
        RECALL_GOAL, k8 >= RECALL_GOAL ? "met" : "not met", k8, maxTurn, LATENCY_GOAL,
        rxtRatio <= LATENCY_GOAL ? "met" : "not met", rxtRatio);
    System.out.printf(Locale.ROOT, "took %.1f s (recall %.1f, latency %.1f, validation %.1f); load average %.2f -> %.2f%n",
        seconds, recallSeconds, latencySeconds, validationSeconds, load0, load1);
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
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

  /**
   * Each conversation is a test dialogue of --max-turn turns. Every turn, RxT answers the scripted query
   * from its memory, then writes the scripted interaction into it; at a measured turn the baseline
   * answers the same query after the scripted turns before it.
   */
  private Latency measureLatency(ReactiveTransformer rxt, StatelessChat baseline, FactDialogues data) {
    int[] turns = measuredTurns(maxTurn);
    double[][] respond = new double[turns.length][conversations];
    double[][] update = new double[turns.length][conversations];
    double[][] stateless = new double[turns.length][conversations];
    double[] promptTokens = new double[turns.length];
    double[] rxtAnswer = new double[turns.length];
    double[] statelessAnswer = new double[turns.length];
    Rng rng = new Rng(seed + 200);
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
    return new Latency(turns, respond, update, stateless, promptTokens, rxtAnswer, statelessAnswer);
  }

  private static int tokens(ReactiveTransformer rxt, List<FactDialogues.Turn> history) {
    int n = 0;
    for (FactDialogues.Turn t : history) {
      n += rxt.vocabulary().interaction(t.query(), t.answer()).length;
    }
    return n;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  private static Map<String, Object> recallJson(List<RecallEvaluation.Row> recall) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (String column : List.of("stm", "stm-reset", "stateless")) {
      Map<String, Double> byK = new LinkedHashMap<>();
      for (RecallEvaluation.Row r : recall) {
        byK.put(Integer.toString(r.k()),
            column.equals("stm") ? r.stm() : column.equals("stm-reset") ? r.stmReset() : r.stateless());
      }
      json.put(column, byK);
    }
    return json;
  }

  private static Map<String, Object> latencyJson(Latency l) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rxt", byTurn(l.turns(), l.rxtRespond()));
    json.put("rxt_update", byTurn(l.turns(), l.rxtUpdate()));
    json.put("stateless", byTurn(l.turns(), l.stateless()));
    return json;
  }

  private static Map<String, Object> byTurn(int[] turns, double[][] samples) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < turns.length; i++) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("median", median(samples[i]));
      m.put("p99", Percentiles.nearestRank(samples[i], 0.99));
      json.put(Integer.toString(turns[i]), m);
    }
    return json;
  }

  private static Map<String, Object> validationJson(RxtTrainer.Validation v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", v.loss());
    m.put("perplexity", v.perplexity());
    m.put("answer_accuracy", v.accuracy());
    return m;
  }

  private static List<Stage> readStages(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserError("--training: cannot read " + file + " (a train-rxt --out directory has it)");
    }
    if (lines.isEmpty()) {
      throw new UserError("--training: " + file + " is empty");
    }
    List<String> header = List.of(lines.get(0).trim().split(","));
    int stage = header.indexOf("stage");
    int ppl = header.indexOf("validation_perplexity");
    int acc = header.indexOf("validation_answer_accuracy");
    if (stage < 0 || ppl < 0 || acc < 0) {
      throw new UserError("--training: " + file + " lacks a stage, validation_perplexity or validation_answer_accuracy column");
    }
    List<Stage> stages = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(",");
      try {
        stages.add(new Stage(f[stage], Double.parseDouble(f[ppl]), Double.parseDouble(f[acc])));
      } catch (RuntimeException e) {
        throw new UserError("--training: bad row in " + file + ": " + line);
      }
    }
    return stages;
  }

  /** train-rxt's summary.json meta (seed, split_seed), or null when it has none. */
  private static JsonNode readTrainingMeta(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode meta = new ObjectMapper().readTree(file.toFile()).get("meta");
      return meta != null && meta.isObject() ? meta : null;
    } catch (IOException e) {
      throw new UserError("--training: cannot read " + file + " as JSON (" + e.getMessage() + ")");
    }
  }

  private void writeTables(List<RecallEvaluation.Row> recall, Latency l, RxtTrainer.Validation rxtValidation,
      RxtTrainer.Validation statelessValidation, List<Stage> stages) throws IOException {
    Map<String, double[]> r = new LinkedHashMap<>();
    r.put("k", recall.stream().mapToDouble(RecallEvaluation.Row::k).toArray());
    r.put("dialogues", recall.stream().mapToDouble(RecallEvaluation.Row::dialogues).toArray());
    r.put("stm", recall.stream().mapToDouble(RecallEvaluation.Row::stm).toArray());
    r.put("stm_reset", recall.stream().mapToDouble(RecallEvaluation.Row::stmReset).toArray());
    r.put("stateless", recall.stream().mapToDouble(RecallEvaluation.Row::stateless).toArray());
    ResultsWriter.writeCsv(out.resolve("recall.csv"), r);

    int n = l.turns().length;
    Map<String, double[]> lat = new LinkedHashMap<>();
    lat.put("turn", Arrays.stream(l.turns()).asDoubleStream().toArray());
    lat.put("rxt_respond_median_ms", stat(l.rxtRespond(), false));
    lat.put("rxt_respond_p99_ms", stat(l.rxtRespond(), true));
    lat.put("rxt_update_median_ms", stat(l.rxtUpdate(), false));
    lat.put("rxt_update_p99_ms", stat(l.rxtUpdate(), true));
    lat.put("stateless_median_ms", stat(l.stateless(), false));
    lat.put("stateless_p99_ms", stat(l.stateless(), true));
    lat.put("stateless_prompt_tokens_mean", l.statelessPromptTokens());
    lat.put("rxt_answer_tokens_mean", l.rxtAnswerTokens());
    lat.put("stateless_answer_tokens_mean", l.statelessAnswerTokens());
    double[] conv = new double[n];
    Arrays.fill(conv, conversations);
    lat.put("conversations", conv);
    ResultsWriter.writeCsv(out.resolve("latency.csv"), lat);

    ResultsWriter.writeCsv(out.resolve("validation.csv"), List.of("model", "loss", "perplexity", "answer_accuracy"),
        List.of(List.of("rxt", "stateless"), List.of(rxtValidation.loss(), statelessValidation.loss()),
            List.of(rxtValidation.perplexity(), statelessValidation.perplexity()),
            List.of(rxtValidation.accuracy(), statelessValidation.accuracy())));
    if (stages != null) {
      ResultsWriter.writeCsv(out.resolve("stages.csv"), List.of("stage", "validation_perplexity", "validation_answer_accuracy"),
          List.of(stages.stream().map(Stage::stage).toList(), stages.stream().map(Stage::perplexity).toList(),
              stages.stream().map(Stage::accuracy).toList()));
    }
  }

  private static double[] stat(double[][] samples, boolean p99) {
    double[] v = new double[samples.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = p99 ? Percentiles.nearestRank(samples[i], 0.99) : median(samples[i]);
    }
    return v;
  }

  private void writePlots(List<RecallEvaluation.Row> recall, Latency l) throws IOException {
    CategoryChart bars = new CategoryChartBuilder().width(900).height(550)
        .title("Fact recall on test dialogues (" + dialogues + " per k, unseen values)").xAxisTitle("k (turns since the fact)")
        .yAxisTitle("recall (exact value)").build();
    bars.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    bars.getStyler().setYAxisMin(0.0);
    bars.getStyler().setYAxisMax(1.0);
    bars.getStyler().setLabelsVisible(true);
    bars.getStyler().setYAxisDecimalPattern("0.00");
    List<String> ks = recall.stream().map(r -> Integer.toString(r.k())).toList();
    bars.addSeries("with STM", ks, recall.stream().map(RecallEvaluation.Row::stm).toList()).setFillColor(COLORS[0]);
    bars.addSeries("STM reset before the question", ks, recall.stream().map(RecallEvaluation.Row::stmReset).toList())
        .setFillColor(COLORS[2]);
    bars.addSeries("stateless baseline", ks, recall.stream().map(RecallEvaluation.Row::stateless).toList())
        .setFillColor(COLORS[1]);
    Charts.writePng(out.resolve("recall.png"), bars);

    XYChart chart = new XYChartBuilder().width(1000).height(650)
        .title("Per-turn latency, median and p99 over " + conversations + " conversations").xAxisTitle("turn (log scale)")
        .yAxisTitle("ms (log scale)").build();
    // log2 of the turn on a linear axis, labelled with the turn: ticks at 1, 2, 4, … (a log axis labels decades only)
    chart.getStyler().setxAxisTickLabelsFormattingFunction(
        v -> Math.abs(v - Math.rint(v)) < 1e-9 && v >= 0 ? Long.toString(Math.round(Math.pow(2, v))) : "");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisDecimalPattern("#,###.###");
    double[] x = Arrays.stream(l.turns()).mapToDouble(t -> Math.log(t) / Math.log(2)).toArray();
    line(chart, "stateless respond (median)", x, stat(l.stateless(), false), COLORS[1], SeriesLines.SOLID);
    line(chart, "stateless respond (p99)", x, stat(l.stateless(), true), COLORS[1], SeriesLines.DASH_DASH);
    line(chart, "RxT respond (median)", x, stat(l.rxtRespond(), false), COLORS[0], SeriesLines.SOLID);
    line(chart, "RxT respond (p99)", x, stat(l.rxtRespond(), true), COLORS[0], SeriesLines.DASH_DASH);
    line(chart, "RxT memory update (median, after the answer)", x, stat(l.rxtUpdate(), false), COLORS[2], SeriesLines.SOLID);
    Charts.writePng(out.resolve("latency.png"), chart);
  }

  private static final Color[] COLORS = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115)};

  private static void line(XYChart chart, String name, double[] x, double[] y, Color color, java.awt.BasicStroke style) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setLineColor(color);
    s.setLineStyle(style);
    s.setLineWidth(2f);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
  }

  private void printRecall(List<RecallEvaluation.Row> recall) {
    System.out.printf("%nrecall on test dialogues (fact values never seen in training), %d per k%n", dialogues);
    System.out.printf("%3s %8s %10s %10s%n", "k", "stm", "stm-reset", "stateless");
    for (RecallEvaluation.Row r : recall) {
      System.out.printf(Locale.ROOT, "%3d %8.3f %10.3f %10.3f%n", r.k(), r.stm(), r.stmReset(), r.stateless());
    }
  }

  private void printLatency(Latency l, double rxtRatio, double statelessRatio) {
    System.out.printf("%nlatency per turn in ms, median / p99 over %d conversations (%d warm-up conversations first)%n",
        conversations, warmup);
    System.out.printf("%5s %19s %19s %19s %14s%n", "turn", "rxt respond", "rxt update", "stateless respond",
        "stateless prompt tokens");
    for (int i = 0; i < l.turns().length; i++) {
      System.out.printf(Locale.ROOT, "%5d %8.3f / %8.3f %8.3f / %8.3f %8.3f / %8.3f %14.0f%n", l.turns()[i],
          median(l.rxtRespond()[i]), Percentiles.nearestRank(l.rxtRespond()[i], 0.99), median(l.rxtUpdate()[i]),
          Percentiles.nearestRank(l.rxtUpdate()[i], 0.99), median(l.stateless()[i]), Percentiles.nearestRank(l.stateless()[i], 0.99),
          l.statelessPromptTokens()[i]);
    }
    System.out.printf(Locale.ROOT, "median at turn %d / turn 1: rxt respond %.3f, stateless respond %.3f%n", maxTurn, rxtRatio,
        statelessRatio);
  }
}
