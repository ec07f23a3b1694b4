package io.streamlearn.lab.counterfactual;

import io.streamlearn.models.Rng;

/**
 * A fitted FIR as a world to run policies against: the reward of a round is the model's response
 * to the allocations of the last L+1 rounds plus a residual, drawn by the moving-block bootstrap
 * (blocks of {@link #block} consecutive residuals from a seeded random start) so that the noise keeps
 * the autocorrelation the log showed. Starts with no past allocations, as the simulator starts at x_0 = 0.
 */
final class FirSystem implements RewardSystem {

  private final FirModel model;
  private final double[] residuals;
  private final int block;
  private final Rng rng;
  private final double[][] recent;
  private int next;
  private int offset;

  FirSystem(FirModel model, double[] residuals, long seed) {
    this.model = model;
    this.residuals = residuals.clone();
    this.block = blockLength(model, residuals.length);
    this.rng = new Rng(seed);
    this.recent = new double[model.lags() + 1][];
    this.offset = block;
  }

  /** Blocks long enough to span the model's memory, short enough to leave many of them. */
  static int blockLength(FirModel model, int residuals) {
    return Math.max(1, Math.min(residuals / 10, Math.max(10, 2 * (model.lags() + 1))));
  }

  @Override
  public double step(double[] u) {
    System.arraycopy(recent, 0, recent, 1, recent.length - 1);
    recent[0] = u.clone();
    return model.predict(recent) + noise();
  }

  double noise() {
    if (offset == block) {
      next = rng.nextInt(residuals.length - block + 1);
      offset = 0;
    }
    return residuals[next + offset++];
  }

  @Override
  public double value(double[] u) {
    return model.value(u);
  }

  /** A residual series of length n drawn by the same moving blocks, for a bootstrap replicate of the log. */
  static double[] resample(double[] residuals, int n, int block, long seed) {
    Rng rng = new Rng(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i += block) {
      int start = rng.nextInt(residuals.length - block + 1);
      for (int j = 0; j < block && i + j < n; j++) {
        out[i + j] = residuals[start + j];
      }
    }
    return out;
  }
}
