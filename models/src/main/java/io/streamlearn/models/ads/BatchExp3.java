package io.streamlearn.models.ads;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Batch-Exp3: {@link Exp3} over batches of S rounds, the arm held for a batch and updated once per
 * batch, exactly as the authors' {@code BatchExp3Agent} runs: S = ⌈ln N / ln(1/ρ̄)⌉ with N
 * DynLin-UCB's block count in T ({@link #batchSize}), the learning rate computed for T/S plays, and
 * their schedule: a new arm is drawn at rounds 0, S, 2S, … but the update comes one round later, at
 * rounds 1, S + 1, 2S + 1, …, with the sum of the rewards since the previous update divided by S.
 * So the first update sees two rewards over S, and every later one credits the arm drawn at bS with
 * the rewards of rounds (b−1)S + 2 … bS + 1, of which only the last two are its own. That is their
 * code, not their prose; a baseline that differs from the published one makes the comparison
 * unpublishable, so this class keeps it.
 */
public final class BatchExp3 extends AbstractPolicy {
  private final int batch;
  private final double gamma;
  private final double eta;
  private final double scale;
  private final Rng rng;
  private final double[] g;
  private final double[] prob;
  private double lastProb;
  private double acc;

  public BatchExp3(
      String name, ArmSet arms, long horizon, int batchSize, double rewardScale, long seed) {
    super(name, arms);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
    }
    if (!(rewardScale > 0)) {
      throw new IllegalArgumentException("reward scale M must be > 0: " + rewardScale);
    }
    this.batch = batchSize;
    this.gamma = Exp3.learningRate(arms.size(), (double) horizon / batchSize);
    this.eta = gamma / arms.size();
    this.scale = rewardScale;
    this.rng = new Rng(seed);
    this.g = new double[arms.size()];
    this.prob = new double[arms.size()];
  }

  /** ⌈ln N / ln(1/ρ̄)⌉ with N = {@link BlockSchedule#blockCount}(T, ρ̄), at least 1. */
  public static int batchSize(long horizon, double rhoBar) {
    if (rhoBar < BlockSchedule.RHO_EPSILON) {
      return 1;
    }
    long n = BlockSchedule.blockCount(horizon, rhoBar);
    return (int) Math.max(1, Math.ceil(Math.log(n) / Math.log(1 / rhoBar)));
  }

  public int batchSize() {
    return batch;
  }

  @Override
  protected int decide() {
    if (round % batch != 0) {
      lastNew = false;
      return lastArm;
    }
    int arm = Exp3.sample(g, eta, gamma, prob, rng);
    lastProb = prob[arm];
    lastNew = true;
    lastBlock = round / batch;
    return arm;
  }

  /** The sampling probability at a batch's start; inside a batch the held arm is certain. */
  @Override
  public double probabilityOf(int arm) {
    if (lastNew) {
      return prob[arm];
    }
    return arm == lastArm ? 1.0 : 0.0;
  }

  @Override
  protected void learn(double reward) {
    if (round >= 1 && (round - 1) % batch == 0) {
      double mean = (acc + reward) / batch;
      double x = (mean + 2 * scale) / (4 * scale);
      g[lastArm] += x / lastProb;
      acc = 0;
    } else {
      acc += reward;
    }
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    out.writeDouble(lastProb);
    out.writeDouble(acc);
    StateIO.writeArray(out, g);
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    lastProb = in.readDouble();
    acc = in.readDouble();
    StateIO.readArray(in, g);
  }
}
