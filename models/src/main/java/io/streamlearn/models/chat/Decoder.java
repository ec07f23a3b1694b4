package io.streamlearn.models.chat;

import io.streamlearn.models.chat.Blocks.Attention;
import io.streamlearn.models.chat.Blocks.FeedForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Pre-norm causal decoder: per layer x += SelfAttn(norm x) with RoPE on q and k; (with memory)
 * x += MemCrossAttn(Q = norm x, K = V = norm STM_l) with RoPE on the queries only; x += SwiGLU(norm x).
 * Output logits use the shared embedding. Without memory it is the stateless baseline.
 */
public final class Decoder {
  private record Layer(Tensor selfNorm, Attention self, Tensor memQueryNorm, Tensor memNorm, Attention memory,
      Tensor ffnNorm, FeedForward ffn) {}

  private final RxtConfig config;
  private final boolean withMemory;
  private final Tensor embedding;
  private final List<Layer> layers = new ArrayList<>();
  private final Tensor finalNorm;

  Decoder(Parameters p, Tensor embedding, RxtConfig c, boolean withMemory, Rng rng) {
    this.config = c;
    this.withMemory = withMemory;
    this.embedding = embedding;
    int d = c.dim();
    for (int l = 0; l < c.layers(); l++) {
      String n = "dec." + l;
      layers.add(new Layer(Blocks.gain(p, n + ".self_norm", d, rng), Attention.create(p, n + ".self", d, c.layers(), rng),
          withMemory ? Blocks.gain(p, n + ".mem_query_norm", d, rng) : null,
          withMemory ? Blocks.gain(p, n + ".mem_norm", d, rng) : null,
          withMemory ? Attention.create(p, n + ".mem", d, c.layers(), rng) : null,
          Blocks.gain(p, n + ".ffn_norm", d, rng), FeedForward.create(p, n + ".ffn", d, c.ffnHidden(), c.layers(), rng)));
    }
    finalNorm = Blocks.gain(p, "dec.final_norm", d, rng);
  }

  /**
   * Next-token logits [batch·seqLen × vocab] for {@code batch} sequences of {@code seqLen} tokens;
   * {@code memory} holds one [batch·slots × dim] tensor per layer (ignored without memory).
   */
  public Tensor logits(Tape tape, int[] tokens, int batch, int seqLen, List<Tensor> memory) {
    int heads = config.heads();
    int[] pos = Blocks.positions(batch, seqLen);
    Tensor x = tape.embed(embedding, tokens);
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      Tensor h = tape.rmsNorm(x, layer.selfNorm);
      x = tape.add(x, Blocks.attend(tape, layer.self, h, h, batch, seqLen, seqLen, heads, pos, pos, true, null));
      if (withMemory) {
        Tensor stm = memory.get(l);
        Tensor q = tape.rmsNorm(x, layer.memQueryNorm);
        Tensor m = tape.rmsNorm(stm, layer.memNorm);
        x = tape.add(x, Blocks.attend(tape, layer.memory, q, m, batch, seqLen, stm.rows / batch, heads, pos, null, false,
            null));
      }
      x = tape.add(x, layer.ffn.forward(tape, tape.rmsNorm(x, layer.ffnNorm)));
    }
    return tape.matmulTransposed(tape.rmsNorm(x, finalNorm), embedding);
  }

  /**
   * One generation pass, token by token, with a self-attention key/value cache; the memory keys and
   * values are projected once, when the session opens.
   */
  public final class Session {
    private final int d = config.dim();
    private final int heads = config.heads();
    private final int dh = d / heads;
    private final float[][] memKeys;
    private final float[][] memValues;
    private final int slots;
    private final float[][] keys = new float[layers.size()][];
    private final float[][] values = new float[layers.size()][];
    private int length;

    /** @param memory per layer, slots × dim row-major; null without memory */
    Session(float[][] memory) {
      if (withMemory) {
        slots = memory[0].length / d;
        memKeys = new float[layers.size()][];
        memValues = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
          Layer layer = layers.get(l);
          float[] normed = new float[memory[l].length];
          for (int s = 0; s < slots; s++) {
            rmsNormRow(memory[l], s * d, layer.memNorm.value, normed, s * d);
          }
          memKeys[l] = new float[slots * d];
          memValues[l] = new float[slots * d];
          Tape.matmulAdd(normed, layer.memory.wk().value, memKeys[l], slots, d, d);
          Tape.matmulAdd(normed, layer.memory.wv().value, memValues[l], slots, d, d);
        }
      } else {
        slots = 0;
        memKeys = null;
        memValues = null;
      }
      for (int l = 0; l < layers.size(); l++) {
        keys[l] = new float[16 * d];
        values[l] = new float[16 * d];
      }
    }

    public int length() {
      return length;
    }

    /** Feeds the token at the next position; returns the logits for the token after it. */
    public float[] step(int token) {
      int pos = length;
      int[] position = {pos};
      float[] x = Arrays.copyOfRange(embedding.value, token * d, token * d + d);
      float[] h = new float[d];
      for (int l = 0; l < layers.size(); l++) {
        Layer layer = layers.get(l);
        if ((pos + 1) * d > keys[l].length) {
          keys[l] = Arrays.copyOf(keys[l], keys[l].length * 2);
          values[l] = Arrays.copyOf(values[l], values[l].length * 2);
        }
        rmsNormRow(x, 0, layer.selfNorm.value, h, 0);
        float[] q = rotate(matvec(h, layer.self.wq().value, d), position);
        float[] k = rotate(matvec(h, layer.self.wk().value, d), position);
        System.arraycopy(k, 0, keys[l], pos * d, d);
        System.arraycopy(matvec(h, layer.self.wv().value, d), 0, values[l], pos * d, d);
        addInto(x, matvec(attend(q, keys[l], values[l], pos + 1), layer.self.wo().value, d));
        if (withMemory) {
          rmsNormRow(x, 0, layer.memQueryNorm.value, h, 0);
          float[] mq = rotate(matvec(h, layer.memory.wq().value, d), position);
          addInto(x, matvec(attend(mq, memKeys[l], memValues[l], slots), layer.memory.wo().value, d));
        }
        rmsNormRow(x, 0, layer.ffnNorm.value, h, 0);
        float[] gate = matvec(h, layer.ffn.gate().value, config.ffnHidden());
        float[] up = matvec(h, layer.ffn.up().value, config.ffnHidden());
        for (int i = 0; i < gate.length; i++) {
          gate[i] = Kernels.silu(gate[i]) * up[i];
        }
        addInto(x, matvec(gate, layer.ffn.down().value, d));
      }
      length++;
      rmsNormRow(x, 0, finalNorm.value, h, 0);
      int vocab = embedding.rows;
      float[] logits = new float[vocab];
      for (int v = 0; v < vocab; v++) {
        float s = 0f;
        for (int c = 0; c < d; c++) {
          s += h[c] * embedding.value[v * d + c];
        }
        logits[v] = s;
      }
      return logits;
    }

    private float[] rotate(float[] v, int[] position) {
      float[] out = new float[d];
      Kernels.rope(v, out, 1, d, heads, position, false);
      return out;
    }

    private float[] attend(float[] q, float[] k, float[] v, int n) {
      float[] out = new float[d];
      float[] scores = new float[n];
      float scale = (float) (1.0 / Math.sqrt(dh));
      for (int hd = 0; hd < heads; hd++) {
        int o = hd * dh;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int c = 0; c < dh; c++) {
            s += q[o + c] * k[j * d + o + c];
          }
          scores[j] = s * scale;
          max = Math.max(max, scores[j]);
        }
        float sum = 0f;
        for (int j = 0; j < n; j++) {
          scores[j] = (float) Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j < n; j++) {
          float p = scores[j] / sum;
          for (int c = 0; c < dh; c++) {
            out[o + c] += p * v[j * d + o + c];
          }
        }
      }
      return out;
    }
  }

  public Session session(float[][] memory) {
    return new Session(memory);
  }

  private static float[] matvec(float[] x, float[] w, int cols) {
    float[] y = new float[cols];
    Tape.matmulAdd(x, w, y, 1, x.length, cols);
    return y;
  }

  private static void addInto(float[] x, float[] delta) {
    for (int i = 0; i < x.length; i++) {
      x[i] += delta[i];
    }
  }

  static void rmsNormRow(float[] x, int xOff, float[] gain, float[] y, int yOff) {
    int d = gain.length;
    double ss = 0;
    for (int c = 0; c < d; c++) {
      ss += x[xOff + c] * x[xOff + c];
    }
    float inv = (float) (1.0 / Math.sqrt(ss / d + Kernels.NORM_EPS));
    for (int c = 0; c < d; c++) {
      y[yOff + c] = x[xOff + c] * inv * gain[c];
    }
  }
}
