package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.Parameters;
import io.streamlearn.models.chat.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/** AdamW with global gradient-norm clipping; updates only parameters that currently need gradients. */
final class AdamW {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.98f;
  private static final float EPS = 1e-8f;
  private final Parameters params;
  private final float weightDecay;
  private final float clipNorm;
  private final Map<Tensor, float[][]> moments = new IdentityHashMap<>();
  private int steps;

  AdamW(Parameters params, float weightDecay, float clipNorm) {
    this.params = params;
    this.weightDecay = weightDecay;
    this.clipNorm = clipNorm;
  }

  /** Applies one update with learning rate lr, then zeroes all gradients; returns the gradient norm. */
  double step(float lr) {
    steps++;
    double sq = 0;
    for (Tensor t : params.tensors()) {
      if (t.needsGrad() && t.hasGrad()) {
        for (float g : t.grad()) {
          sq += g * g;
        }
      }
    }
    double norm = Math.sqrt(sq);
    float scale = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    float c1 = (float) (1 - Math.pow(BETA1, steps));
    float c2 = (float) (1 - Math.pow(BETA2, steps));
    for (Tensor t : params.tensors()) {
      if (!t.needsGrad() || !t.hasGrad()) {
        t.zeroGrad();
        continue;
      }
      float[][] mv = moments.computeIfAbsent(t, k -> new float[][] {new float[k.value.length], new float[k.value.length]});
      float[] m = mv[0];
      float[] v = mv[1];
      float[] g = t.grad();
      // Decay matrices only: gains, biases and vectors stay free.
      float decay = t.rows > 1 ? weightDecay : 0f;
      for (int i = 0; i < g.length; i++) {
        float gi = g[i] * scale;
        m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
        v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
        float mHat = m[i] / c1;
        float vHat = v[i] / c2;
        t.value[i] -= lr * (mHat / ((float) Math.sqrt(vHat) + EPS) + decay * t.value[i]);
      }
      t.zeroGrad();
    }
    return norm;
  }
}
