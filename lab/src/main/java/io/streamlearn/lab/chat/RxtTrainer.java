package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.Parameters;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.models.chat.Tape;
import io.streamlearn.models.chat.Tensor;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.traffic.chat.FactDialogues;

import io.streamlearn.traffic.chat.FactDialogues.Dialogue;
import io.streamlearn.traffic.chat.FactDialogues.Split;
import java.util.ArrayList;
import java.util.List;
import io.streamlearn.models.Rng;
import java.util.concurrent.Executor;

/**
 * The RxT training curriculum on synthetic fact dialogues, plus the stateless baseline's training:
 * <ol>
 *   <li>joint pretraining: encoder masked-LM + decoder next-token loss reading the encoder's detached,
 *       noised states as memory;
 *   <li>turn fine-tuning: the same, decoder loss on answer tokens only;
 *   <li>memory-attention self-supervised pretraining (encoder frozen): −cosine to
 *       (1 − w)·STM + w·ED, w = 0.9 at the first turn, then 0.5 − 0.05·t (jittered);
 *   <li>memory-aware training: whole dialogues from random STM, backpropagated through every memory
 *       update, answers that need memory weighted {@link #RECALL_WEIGHT}×; encoder and embedding frozen
 *       for the first {@link #FROZEN_ENCODER_FRACTION}. It starts on three-turn dialogues (a fact, one
 *       turn, the question: the gate learns to write a fact before it must keep one through seven
 *       distractors), then runs on full-length ones.
 * </ol>
 * Memory-aware and baseline steps compute their gradient in two fixed halves ({@link TwoShards}), the
 * second through the caller's executor (a second core); deterministic given the plan's seed either way.
 */
public final class RxtTrainer {
  static final double FROZEN_ENCODER_FRACTION = 0.3;
  private static final double MASK_RATE = 0.15;
  private static final double MEMORY_NOISE = 0.1;
  private static final int VALIDATION_DIALOGUES = 64;
  /** Memory-aware training weight of answer tokens that need memory, relative to the other answers. */
  static final float RECALL_WEIGHT = 4f;

  /**
   * Step counts and sizes. The memory-aware stage first runs {@code shortDialogueSteps} steps on dialogues of
   * {@code shortDialogueTurns} turns, then {@code memoryAwareSteps} on dialogues of {@code dialogueTurns};
   * {@code maxDistance} bounds the fact-to-question distance k in training dialogues.
   */
  public record Plan(int batch, int jointSteps, int fineTuneSteps, int memoryPretrainSteps, int shortDialogueSteps,
      int memoryAwareSteps, int baselineSteps, int shortDialogueTurns, int dialogueTurns, int maxDistance,
      float learningRate, long seed) {

    /** The full run: about 22 minutes on 2 cores, mostly memory-aware steps on nine-turn dialogues. */
    public static Plan standard(long seed) {
      return new Plan(16, 400, 200, 150, 1000, 1300, 300, 3, 9, 8, 2e-3f, seed);
    }
  }

  /** Per-stage outcome: mean training loss of the first and last tenth of its steps, and validation. */
  public record StageResult(String stage, int steps, double firstLoss, double lastLoss, Validation validation) {}

  /** Answer-token cross-entropy (as perplexity) and accuracy of memory-aware decoding on validation dialogues. */
  public record Validation(double loss, double perplexity, double accuracy) {}

  /** Receives a line of progress after each step. */
  public interface Progress {
    void step(String stage, int step, int steps, double loss, double accuracy);
  }

  private final ReactiveTransformer model;
  private final StatelessChat baseline;
  private final FactDialogues data;
  private final Plan plan;
  private final Rng rng;
  private final AdamW modelOptimizer;
  private final AdamW baselineOptimizer;
  private final List<Dialogue> validation = new ArrayList<>();
  private final TwoShards<ReactiveTransformer> modelShards;
  private final TwoShards<StatelessChat> baselineShards;

  /** A trainer that computes both halves of every batch on the calling thread. */
  public RxtTrainer(ReactiveTransformer model, StatelessChat baseline, FactDialogues data, Plan plan) {
    this(model, baseline, data, plan, Runnable::run);
  }

  /** @param secondShard runs the second half of each memory-aware and baseline batch (a worker thread: 2 cores) */
  public RxtTrainer(ReactiveTransformer model, StatelessChat baseline, FactDialogues data, Plan plan,
      Executor secondShard) {
    this.model = model;
    this.baseline = baseline;
    this.data = data;
    this.plan = plan;
    this.rng = new Rng(plan.seed());
    this.modelOptimizer = new AdamW(model.params(), 0.01f, 1f);
    this.baselineOptimizer = baseline == null ? null : new AdamW(baseline.params(), 0.01f, 1f);
    ReactiveTransformer modelReplica = new ReactiveTransformer(model.config(), model.vocabulary(), 0);
    this.modelShards = new TwoShards<>(model, model.params(), modelReplica, modelReplica.params(), secondShard);
    if (baseline == null) {
      this.baselineShards = null;
    } else {
      StatelessChat baselineReplica = new StatelessChat(baseline.config(), baseline.vocabulary(), 0);
      this.baselineShards = new TwoShards<>(baseline, baseline.params(), baselineReplica, baselineReplica.params(),
          secondShard);
    }
    Rng valRng = new Rng(plan.seed() ^ 0x5EEDL);
    for (int i = 0; i < VALIDATION_DIALOGUES; i++) {
      validation.add(data.dialogue(Split.VALIDATION, plan.dialogueTurns(), 1 + valRng.nextInt(plan.maxDistance()), valRng));
    }
  }

  /** Runs all four stages, then the baseline; returns one result per stage (the baseline's last). */
  public List<StageResult> run(Progress progress) {
    List<StageResult> results = new ArrayList<>();
    results.add(stage("joint-pretraining", plan.jointSteps(), progress, s -> jointStep(false)));
    results.add(stage("turn-fine-tuning", plan.fineTuneSteps(), progress, s -> jointStep(true)));
    results.add(stage("memory-pretraining", plan.memoryPretrainSteps(), progress, s -> memoryPretrainStep()));
    int awareSteps = plan.shortDialogueSteps() + plan.memoryAwareSteps();
    int frozen = (int) (awareSteps * FROZEN_ENCODER_FRACTION);
    results.add(stage("memory-aware", awareSteps, progress, s -> memoryAwareStep(s < frozen,
        s < plan.shortDialogueSteps() ? plan.shortDialogueTurns() : plan.dialogueTurns())));
    if (baseline != null) {
      results.add(stage("stateless-baseline", plan.baselineSteps(), progress, s -> baselineStep()));
    }
    return results;
  }

  private interface Step {
    /** Runs training step s with the current learning rate set; returns {loss, accuracy}. */
    double[] run(int s);
  }

  private float learningRate;

  /** Sets the learning rate of single steps run outside {@link #run} (tests). */
  void setLearningRate(float lr) {
    learningRate = lr;
  }

  private StageResult stage(String name, int steps, Progress progress, Step step) {
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      learningRate = schedule(s, steps);
      double[] r = step.run(s);
      losses[s] = r[0];
      if (progress != null) {
        progress.step(name, s + 1, steps, r[0], r[1]);
      }
    }
    int tenth = Math.max(1, steps / 10);
    Validation v = name.equals("stateless-baseline") ? validateBaseline() : validate();
    return new StageResult(name, steps, mean(losses, 0, tenth), mean(losses, steps - tenth, steps), v);
  }

  /** Linear warm-up over 5% of the stage, then cosine decay to 10%. */
  private float schedule(int s, int steps) {
    int warm = Math.max(1, steps / 20);
    if (s < warm) {
      return plan.learningRate() * (s + 1) / warm;
    }
    double progress = (double) (s - warm) / Math.max(1, steps - warm);
    return (float) (plan.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return to > from ? s / (to - from) : Double.NaN;
  }

  private List<Dialogue> trainDialogues() {
    return trainDialogues(plan.dialogueTurns());
  }

  private List<Dialogue> trainDialogues(int turns) {
    List<Dialogue> out = new ArrayList<>(plan.batch());
    int maxDistance = Math.min(plan.maxDistance(), turns - 1);
    for (int b = 0; b < plan.batch(); b++) {
      out.add(data.dialogue(Split.TRAIN, turns, 1 + rng.nextInt(maxDistance), rng));
    }
    return out;
  }

  private int[] interaction(Dialogue d, int turn) {
    FactDialogues.Turn t = d.turns().get(turn);
    return model.vocabulary().interaction(t.query(), t.answer());
  }

  /** Stages 1 and 2: encoder MLM + decoder reading the encoder's detached, noised states. */
  double[] jointStep(boolean answersOnly) {
    model.params().trainOnly("");
    int slots = model.config().slots();
    List<int[]> seqs = new ArrayList<>();
    for (Dialogue d : trainDialogues()) {
      seqs.add(interaction(d, rng.nextInt(d.turns().size())));
    }
    TokenBatch batch = TokenBatch.of(seqs, slots);
    int[] masked = batch.tokens().clone();
    float[] mlmWeights = new float[masked.length];
    for (int i = 0; i < masked.length; i++) {
      if (batch.valid()[i] && i % slots != 0 && rng.nextDouble() < MASK_RATE) {
        masked[i] = Vocabulary.MASK;
        mlmWeights[i] = 1f;
      }
    }
    Tape tape = new Tape();
    List<Tensor> ed = model.encoder().states(tape, masked, batch.batch(), slots, batch.valid());
    Tensor mlm = tape.crossEntropy(model.encoder().mlmLogits(tape, ed.get(ed.size() - 1)), batch.tokens(), mlmWeights);
    List<Tensor> memory = new ArrayList<>();
    for (Tensor e : ed) {
      float[] noised = e.value.clone();
      for (int i = 0; i < noised.length; i++) {
        noised[i] += (float) (rng.nextGaussian() * MEMORY_NOISE);
      }
      memory.add(Tape.constant(e.rows, e.cols, noised));
    }
    float[] weights = answersOnly ? batch.answerWeights() : batch.allWeights();
    Tensor logits = model.decoder().logits(tape, batch.tokens(), batch.batch(), slots, memory);
    Tensor lm = tape.crossEntropy(logits, batch.targets(), weights);
    Tensor loss = tape.weightedSum(mlm, 1f, lm, 1f);
    tape.backward(loss);
    modelOptimizer.step(learningRate);
    return new double[] {loss.value[0], TokenBatch.accuracy(logits, batch.targets(), weights)};
  }

  /** Stage 3: memory attention alone learns to blend STM toward the new interaction's encoding. */
  double[] memoryPretrainStep() {
    model.params().trainOnly("mem.");
    int slots = model.config().slots();
    List<Dialogue> dialogues = trainDialogues();
    List<Tensor> stm = randomMemory(dialogues.size());
    Tape tape = new Tape();
    Tensor total = null;
    int terms = 0;
    for (int t = 0; t < plan.dialogueTurns(); t++) {
      TokenBatch batch = turnBatch(dialogues, t);
      List<Tensor> ed = model.encoder().states(tape, batch.tokens(), batch.batch(), slots, batch.valid());
      List<Tensor> next = model.memoryAttention().update(tape, stm, ed, batch.batch(), batch.valid(), null);
      double w = (t == 0 ? 0.9 : Math.max(0.05, 0.5 - 0.05 * t)) + (rng.nextDouble() - 0.5) * 0.1;
      for (int l = 0; l < next.size(); l++) {
        float[] target = new float[next.get(l).value.length];
        float[] old = stm.get(l).value;
        float[] enc = ed.get(l).value;
        for (int i = 0; i < target.length; i++) {
          target[i] = (float) ((1 - w) * old[i] + w * enc[i] + rng.nextGaussian() * 0.02);
        }
        Tensor term = tape.negativeCosine(next.get(l), target);
        total = total == null ? term : tape.weightedSum(total, 1f, term, 1f);
        terms++;
      }
      List<Tensor> detached = new ArrayList<>();
      for (Tensor n : next) {
        detached.add(Tape.detach(n));
      }
      stm = detached;
    }
    Tensor loss = tape.scale(total, 1f / terms);
    tape.backward(loss);
    modelOptimizer.step(learningRate);
    return new double[] {loss.value[0], Double.NaN};
  }

  /**
   * Stage 4: decode every turn of dialogues of {@code turns} turns from the memory of the turns before it;
   * gradients flow through all updates.
   */
  double[] memoryAwareStep(boolean encoderFrozen, int turns) {
    if (encoderFrozen) {
      model.params().trainOnly("dec.", "mem.");
    } else {
      model.params().trainOnly("");
    }
    List<Dialogue> dialogues = trainDialogues(turns);
    float[] totals = new float[turns];
    for (int t = 0; t < turns; t++) {
      totals[t] = Tape.sum(recallWeights(dialogues, t, turnBatch(dialogues, t)));
    }
    List<List<Tensor>> memories = List.of(randomMemory(TwoShards.half(dialogues, 0).size()),
        randomMemory(TwoShards.half(dialogues, 1).size()));
    List<double[]> shards = modelShards.run((m, shard) -> {
      Tape tape = new Tape();
      return memoryAwareLoss(m, tape, TwoShards.half(dialogues, shard), memories.get(shard), totals, true);
    });
    modelOptimizer.step(learningRate);
    return combine(shards);
  }

  /** {loss, hits, count} of two shards as {loss, accuracy}. */
  private static double[] combine(List<double[]> shards) {
    double[] a = shards.get(0);
    double[] b = shards.get(1);
    return new double[] {a[0] + b[0], (a[1] + b[1]) / (a[2] + b[2])};
  }

  /**
   * Memory-aware answer loss of {@code dialogues} read by {@code m}: per turn, the cross-entropy summed
   * over these dialogues and divided by {@code totals[t]} (the whole batch's weight of that turn; recall
   * answers up-weighted when training); returns {loss, answer tokens right, answer tokens}.
   */
  private double[] memoryAwareLoss(ReactiveTransformer m, Tape tape, List<Dialogue> dialogues, List<Tensor> stm,
      float[] totals, boolean training) {
    int slots = m.config().slots();
    int turns = dialogues.get(0).turns().size();
    Tensor total = null;
    double hits = 0;
    double count = 0;
    for (int t = 0; t < turns; t++) {
      TokenBatch batch = turnBatch(dialogues, t);
      Tensor logits = m.decoder().logits(tape, batch.tokens(), batch.batch(), slots, stm);
      Tensor ce = tape.crossEntropy(logits, batch.targets(), training ? recallWeights(dialogues, t, batch)
          : batch.answerWeights(), totals[t]);
      total = total == null ? ce : tape.weightedSum(total, 1f, ce, 1f);
      double n = Tape.sum(batch.answerWeights());
      hits += TokenBatch.accuracy(logits, batch.targets(), batch.answerWeights()) * n;
      count += n;
      if (t + 1 < turns) {
        List<Tensor> ed = m.encoder().states(tape, batch.tokens(), batch.batch(), slots, batch.valid());
        stm = m.memoryAttention().update(tape, stm, ed, batch.batch(), batch.valid(), null);
      }
    }
    Tensor loss = tape.scale(total, 1f / turns);
    if (training) {
      tape.backward(loss);
    }
    return new double[] {loss.value[0], hits, count};
  }

  /** Answer weights with recall turns up-weighted: most answers ("ok", small talk) need no memory. */
  private float[] recallWeights(List<Dialogue> dialogues, int turn, TokenBatch batch) {
    float[] w = batch.answerWeights().clone();
    int slots = model.config().slots();
    for (int b = 0; b < dialogues.size(); b++) {
      if (dialogues.get(b).turns().get(turn).recalls()) {
        for (int i = b * slots; i < (b + 1) * slots; i++) {
          w[i] *= RECALL_WEIGHT;
        }
      }
    }
    return w;
  }

  /** The baseline reads whole dialogues as one sequence; loss on every answer. */
  double[] baselineStep() {
    List<int[]> seqs = new ArrayList<>();
    int longest = 0;
    for (Dialogue d : trainDialogues()) {
      int[] whole = baseline.transcript(d.turns());
      seqs.add(whole);
      longest = Math.max(longest, whole.length);
    }
    int seqLen = longest;
    float total = Tape.sum(TokenBatch.of(seqs, seqLen).answerWeights());
    List<double[]> shards = baselineShards.run((m, shard) -> {
      TokenBatch batch = TokenBatch.of(TwoShards.half(seqs, shard), seqLen);
      Tape tape = new Tape();
      Tensor logits = m.decoder().logits(tape, batch.tokens(), batch.batch(), seqLen, null);
      Tensor loss = tape.crossEntropy(logits, batch.targets(), batch.answerWeights(), total);
      tape.backward(loss);
      double n = Tape.sum(batch.answerWeights());
      return new double[] {loss.value[0], TokenBatch.accuracy(logits, batch.targets(), batch.answerWeights()) * n, n};
    });
    baselineOptimizer.step(learningRate);
    return combine(shards);
  }

  private TokenBatch turnBatch(List<Dialogue> dialogues, int turn) {
    List<int[]> seqs = new ArrayList<>(dialogues.size());
    for (Dialogue d : dialogues) {
      seqs.add(interaction(d, turn));
    }
    return TokenBatch.of(seqs, model.config().slots());
  }

  private List<Tensor> randomMemory(int batch) {
    List<Tensor> out = new ArrayList<>();
    int n = batch * model.config().slots() * model.config().dim();
    for (int l = 0; l < model.config().layers(); l++) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (rng.nextGaussian() * model.config().stmSigma());
      }
      out.add(Tape.constant(batch * model.config().slots(), model.config().dim(), v));
    }
    return out;
  }

  /** Memory-aware answer-token loss and accuracy on the fixed validation dialogues (no update). */
  public Validation validate() {
    model.params().trainOnly();
    Rng memRng = new Rng(plan.seed() ^ 0xA11L);
    List<Tensor> stm = new ArrayList<>();
    int n = validation.size() * model.config().slots() * model.config().dim();
    for (int l = 0; l < model.config().layers(); l++) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (memRng.nextGaussian() * model.config().stmSigma());
      }
      stm.add(Tape.constant(validation.size() * model.config().slots(), model.config().dim(), v));
    }
    float[] totals = new float[plan.dialogueTurns()];
    for (int t = 0; t < totals.length; t++) {
      totals[t] = Tape.sum(turnBatch(validation, t).answerWeights());
    }
    double[] r = memoryAwareLoss(model, Tape.forwardOnly(), validation, stm, totals, false);
    return new Validation(r[0], Math.exp(r[0]), r[1] / r[2]);
  }

  /** The stateless baseline's answer-token loss and accuracy on the same validation dialogues, each read whole. */
  public Validation validateBaseline() {
    if (baseline == null) {
      throw new IllegalStateException("trainer has no baseline");
    }
    baseline.params().trainOnly();
    List<int[]> seqs = new ArrayList<>();
    int longest = 0;
    for (Dialogue d : validation) {
      int[] whole = baseline.transcript(d.turns());
      seqs.add(whole);
      longest = Math.max(longest, whole.length);
    }
    TokenBatch batch = TokenBatch.of(seqs, longest);
    Tape tape = Tape.forwardOnly();
    Tensor logits = baseline.decoder().logits(tape, batch.tokens(), batch.batch(), longest, null);
    Tensor loss = tape.crossEntropy(logits, batch.targets(), batch.answerWeights());
    baseline.params().trainOnly("");
    return new Validation(loss.value[0], Math.exp(loss.value[0]),
        TokenBatch.accuracy(logits, batch.targets(), batch.answerWeights()));
  }
}
