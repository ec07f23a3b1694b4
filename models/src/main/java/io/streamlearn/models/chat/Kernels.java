package io.streamlearn.models.chat;

/** Numeric pieces shared by the training graph ({@link Tape}) and the incremental inference path. */
final class Kernels {
  static final double NORM_EPS = 1e-6;
  static final double ROPE_BASE = 10_000.0;

  private Kernels() {}

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  static float silu(float x) {
    return x * sigmoid(x);
  }

  /** Softmax of v values at {@code off} into {@code out} (same offsets); returns log Σ exp. */
  static float softmax(float[] logits, int off, int v, float[] out) {
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < v; c++) {
      max = Math.max(max, logits[off + c]);
    }
    double sum = 0;
    for (int c = 0; c < v; c++) {
      float e = (float) Math.exp(logits[off + c] - max);
      out[off + c] = e;
      sum += e;
    }
    float inv = (float) (1.0 / sum);
    for (int c = 0; c < v; c++) {
      out[off + c] *= inv;
    }
    return (float) (max + Math.log(sum));
  }

  /**
   * Rotates each head's pairs (i, i + dh/2) by position·θ_i, θ_i = base^(−2i/dh); {@code inverse}
   * rotates back (the transpose, used for the gradient).
   */
  static void rope(float[] x, float[] y, int rows, int d, int heads, int[] positions, boolean inverse) {
    int dh = d / heads;
    int half = dh / 2;
    // A batch repeats the same few positions, so each position's rotations are computed once.
    int maxPosition = 0;
    for (int r = 0; r < rows; r++) {
      maxPosition = Math.max(maxPosition, positions[r]);
    }
    float[] cosines = new float[(maxPosition + 1) * half];
    float[] sines = new float[(maxPosition + 1) * half];
    boolean[] computed = new boolean[maxPosition + 1];
    for (int r = 0; r < rows; r++) {
      int p = positions[r];
      if (!computed[p]) {
        computed[p] = true;
        for (int i = 0; i < half; i++) {
          double angle = p * Math.pow(ROPE_BASE, -2.0 * i / dh);
          cosines[p * half + i] = (float) Math.cos(angle);
          sines[p * half + i] = (float) (inverse ? -Math.sin(angle) : Math.sin(angle));
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      int t = positions[r] * half;
      for (int h = 0; h < heads; h++) {
        int o = r * d + h * dh;
        for (int i = 0; i < half; i++) {
          float cos = cosines[t + i];
          float sin = sines[t + i];
          float a = x[o + i];
          float b = x[o + i + half];
          y[o + i] = a * cos - b * sin;
          y[o + i + half] = a * sin + b * cos;
        }
      }
    }
  }

  /** Per-slot gate values (see {@link Tape#gatedResidual}); fills mean and gate, batch·slots each. */
  static void gate(float[] stm, float[] update, float[] weight, float[] bias, int slots, int d, int batch,
      float[] mean, float[] gate) {
    for (int r = 0; r < batch * slots; r++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += stm[r * d + c] + update[r * d + c];
      }
      mean[r] = (float) (s / d);
    }
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < slots; s++) {
        float z = bias[s];
        for (int t = 0; t < slots; t++) {
          z += weight[s * slots + t] * mean[b * slots + t];
        }
        gate[b * slots + s] = sigmoid(z);
      }
    }
  }
}
