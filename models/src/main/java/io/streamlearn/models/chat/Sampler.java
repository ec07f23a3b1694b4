package io.streamlearn.models.chat;

import io.streamlearn.models.Rng;
import java.util.Arrays;

/** Picks the next token from logits: greedy, or sampled at a temperature from a seeded generator. */
public interface Sampler {
  int pick(float[] logits);

  static Sampler greedy() {
    return logits -> {
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      return best;
    };
  }

  static Sampler seeded(double temperature, long seed) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0");
    }
    Rng rng = new Rng(seed);
    return logits -> {
      float[] scaled = new float[logits.length];
      for (int i = 0; i < logits.length; i++) {
        scaled[i] = (float) (logits[i] / temperature);
      }
      float[] probs = new float[logits.length];
      Kernels.softmax(scaled, 0, logits.length, probs);
      double u = rng.nextDouble();
      double acc = 0;
      for (int i = 0; i < probs.length; i++) {
        acc += probs[i];
        if (u < acc) {
          return i;
        }
      }
      return probs.length - 1;
    };
  }

  /** Feeds the prompt, then generates until [EOS] or maxNew tokens; returns the generated tokens without [EOS]. */
  static int[] generate(Decoder.Session session, int[] prompt, int maxNew, Sampler sampler) {
    float[] logits = null;
    for (int t : prompt) {
      logits = session.step(t);
    }
    int[] out = new int[maxNew];
    int n = 0;
    while (n < maxNew) {
      int next = sampler.pick(logits);
      if (next == Vocabulary.EOS) {
        break;
      }
      out[n++] = next;
      if (n < maxNew) {
        logits = session.step(next);
      }
    }
    return Arrays.copyOf(out, n);
  }
}
