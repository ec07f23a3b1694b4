package io.streamlearn.models.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;

/**
 * Reverse-mode differentiation over {@link Tensor}s: each op computes its output now and, if a gradient
 * can flow, records how to push the output's gradient back to its inputs; {@link #backward} replays
 * those steps in reverse.
 *
 * <p>Why hand-written backprop on float arrays rather than SameDiff: one memory-aware training step
 * unrolls thousands of small ops (10 turns × encoder, memory attention and decoder), and SameDiff's
 * fixed cost per op, and ND4J's gemm on these small shapes, lost to plain loops the JIT vectorises
 * (README, "Chat"). So the whole model runs on plain arrays, single-threaded and deterministic.
 */
public final class Tape {
  private final List<Runnable> backwardSteps = new ArrayList<>();
  private final boolean recording;

  /** A tape that records backward steps for training. */
  public Tape() {
    this(true);
  }

  private Tape(boolean recording) {
    this.recording = recording;
  }

  /** A tape that records nothing: forward only, for inference. */
  public static Tape forwardOnly() {
    return new Tape(false);
  }

  /** A tensor no gradient flows into (inputs, detached states). */
  public static Tensor constant(int rows, int cols, float[] value) {
    return new Tensor(rows, cols, value);
  }

  /** A copy of {@code t} cut off from the graph. */
  public static Tensor detach(Tensor t) {
    return new Tensor(t.rows, t.cols, t.value.clone());
  }

  /** Runs every recorded backward step, seeding d(loss)/d(loss) = 1; loss must be 1 × 1. */
  public void backward(Tensor loss) {
    if (loss.value.length != 1) {
      throw new IllegalArgumentException("loss must be a scalar");
    }
    loss.grad()[0] = 1f;
    for (int i = backwardSteps.size() - 1; i >= 0; i--) {
      backwardSteps.get(i).run();
    }
    backwardSteps.clear();
  }

  private Tensor output(int rows, int cols, Tensor... inputs) {
    Tensor out = new Tensor(rows, cols);
    for (Tensor in : inputs) {
      out.needsGrad |= in.needsGrad;
    }
    return out;
  }

  private void onBackward(Tensor out, Runnable step) {
    if (recording && out.needsGrad) {
      backwardSteps.add(() -> {
        if (out.hasGrad()) {
          step.run();
        }
      });
    }
  }

  // ---- kernels ----

  /**
   * c[n×m] += a[n×k] · b[k×m], i-k-j order so the inner loop is a vectorisable axpy, four rows of c at a
   * time so each row of b loaded serves four of them (about 1.5× faster here than one row at a time).
   * Every c element still sums its k products in ascending order.
   */
  static void matmulAdd(float[] a, float[] b, float[] c, int n, int k, int m) {
    int i = 0;
    for (; i + 3 < n; i += 4) {
      int c0 = i * m;
      int c1 = c0 + m;
      int c2 = c1 + m;
      int c3 = c2 + m;
      int a0 = i * k;
      for (int p = 0; p < k; p++) {
        float v0 = a[a0 + p];
        float v1 = a[a0 + k + p];
        float v2 = a[a0 + 2 * k + p];
        float v3 = a[a0 + 3 * k + p];
        int bp = p * m;
        for (int j = 0; j < m; j++) {
          float bj = b[bp + j];
          c[c0 + j] += v0 * bj;
          c[c1 + j] += v1 * bj;
          c[c2 + j] += v2 * bj;
          c[c3 + j] += v3 * bj;
        }
      }
    }
    for (; i < n; i++) {
      int ci = i * m;
      int ai = i * k;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        int bp = p * m;
        for (int j = 0; j < m; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }

  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  // ---- ops ----

  /** x[n×k] · w[k×m]. */
  public Tensor matmul(Tensor x, Tensor w) {
    if (x.cols != w.rows) {
      throw new IllegalArgumentException("matmul " + x.rows + "x" + x.cols + " by " + w.rows + "x" + w.cols);
    }
    Tensor y = output(x.rows, w.cols, x, w);
    matmulAdd(x.value, w.value, y.value, x.rows, x.cols, w.cols);
    onBackward(y, () -> {
      if (x.needsGrad) {
        matmulAdd(y.grad(), transpose(w.value, w.rows, w.cols), x.grad(), x.rows, w.cols, x.cols);
      }
      if (w.needsGrad) {
        matmulAdd(transpose(x.value, x.rows, x.cols), y.grad(), w.grad(), x.cols, x.rows, w.cols);
      }
    });
    return y;
  }

  /** x[n×k] · eᵀ for e[m×k]: logits against the (shared) embedding table. */
  public Tensor matmulTransposed(Tensor x, Tensor e) {
    if (x.cols != e.cols) {
      throw new IllegalArgumentException("matmulTransposed width mismatch");
    }
    Tensor y = output(x.rows, e.rows, x, e);
    matmulAdd(x.value, transpose(e.value, e.rows, e.cols), y.value, x.rows, x.cols, e.rows);
    onBackward(y, () -> {
      if (x.needsGrad) {
        matmulAdd(y.grad(), e.value, x.grad(), x.rows, e.rows, x.cols);
      }
      if (e.needsGrad) {
        matmulAdd(transpose(y.grad(), y.rows, y.cols), x.value, e.grad(), e.rows, x.rows, x.cols);
      }
    });
    return y;
  }

  public Tensor add(Tensor a, Tensor b) {
    if (a.value.length != b.value.length) {
      throw new IllegalArgumentException("add shape mismatch");
    }
    Tensor y = output(a.rows, a.cols, a, b);
    for (int i = 0; i < y.value.length; i++) {
      y.value[i] = a.value[i] + b.value[i];
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      for (Tensor in : new Tensor[] {a, b}) {
        if (in.needsGrad) {
          float[] ig = in.grad();
          for (int i = 0; i < g.length; i++) {
            ig[i] += g[i];
          }
        }
      }
    });
    return y;
  }

  /** Elementwise mean of same-shaped tensors. */
  public Tensor mean(List<Tensor> parts) {
    Tensor first = parts.get(0);
    Tensor y = output(first.rows, first.cols, parts.toArray(new Tensor[0]));
    float inv = 1f / parts.size();
    for (Tensor p : parts) {
      for (int i = 0; i < y.value.length; i++) {
        y.value[i] += p.value[i] * inv;
      }
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      for (Tensor p : parts) {
        if (p.needsGrad) {
          float[] pg = p.grad();
          for (int i = 0; i < g.length; i++) {
            pg[i] += g[i] * inv;
          }
        }
      }
    });
    return y;
  }

  /** Rows of {@code table} picked by token id. */
  public Tensor embed(Tensor table, int[] ids) {
    int d = table.cols;
    Tensor y = output(ids.length, d, table);
    for (int r = 0; r < ids.length; r++) {
      System.arraycopy(table.value, ids[r] * d, y.value, r * d, d);
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      float[] tg = table.grad();
      for (int r = 0; r < ids.length; r++) {
        int o = ids[r] * d;
        for (int c = 0; c < d; c++) {
          tg[o + c] += g[r * d + c];
        }
      }
    });
    return y;
  }

  /** Row-wise RMSNorm with a learned gain g[1×cols]: x / sqrt(mean(x²) + ε) ⊙ g. */
  public Tensor rmsNorm(Tensor x, Tensor gain) {
    int d = x.cols;
    Tensor y = output(x.rows, d, x, gain);
    float[] inv = new float[x.rows];
    for (int r = 0; r < x.rows; r++) {
      int o = r * d;
      double ss = 0;
      for (int c = 0; c < d; c++) {
        ss += x.value[o + c] * x.value[o + c];
      }
      inv[r] = (float) (1.0 / Math.sqrt(ss / d + Kernels.NORM_EPS));
      for (int c = 0; c < d; c++) {
        y.value[o + c] = x.value[o + c] * inv[r] * gain.value[c];
      }
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      for (int r = 0; r < x.rows; r++) {
        int o = r * d;
        if (gain.needsGrad) {
          float[] gg = gain.grad();
          for (int c = 0; c < d; c++) {
            gg[c] += g[o + c] * x.value[o + c] * inv[r];
          }
        }
        if (x.needsGrad) {
          float[] xg = x.grad();
          double dot = 0;
          for (int c = 0; c < d; c++) {
            dot += g[o + c] * gain.value[c] * x.value[o + c] * inv[r];
          }
          float meanDot = (float) (dot / d);
          for (int c = 0; c < d; c++) {
            float xhat = x.value[o + c] * inv[r];
            xg[o + c] += inv[r] * (g[o + c] * gain.value[c] - xhat * meanDot);
          }
        }
      }
    });
    return y;
  }

  /** Rotary position embedding per head; {@code positions[r]} is the position of row r. */
  public Tensor rope(Tensor x, int heads, int[] positions) {
    Tensor y = output(x.rows, x.cols, x);
    Kernels.rope(x.value, y.value, x.rows, x.cols, heads, positions, false);
    onBackward(y, () -> {
      float[] back = new float[x.value.length];
      Kernels.rope(y.grad(), back, x.rows, x.cols, heads, positions, true);
      float[] xg = x.grad();
      for (int i = 0; i < back.length; i++) {
        xg[i] += back[i];
      }
    });
    return y;
  }

  /**
   * Multi-head scaled dot-product attention of {@code batch} independent sequences: q has tq rows per
   * sequence, k and v have tk; {@code keyValid} (length batch·tk, or null) hides padding keys; causal
   * hides later keys (needs tq = tk).
   */
  public Tensor attention(Tensor q, Tensor k, Tensor v, int batch, int tq, int tk, int heads, boolean causal,
      boolean[] keyValid) {
    int d = q.cols;
    int dh = d / heads;
    float scale = (float) (1.0 / Math.sqrt(dh));
    Tensor y = output(q.rows, d, q, k, v);
    float[] probs = new float[batch * heads * tq * tk];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < tq; i++) {
          int pOff = ((b * heads + h) * tq + i) * tk;
          int qOff = (b * tq + i) * d + h * dh;
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < tk; j++) {
            boolean visible = (!causal || j <= i) && (keyValid == null || keyValid[b * tk + j]);
            float s = Float.NEGATIVE_INFINITY;
            if (visible) {
              int kOff = (b * tk + j) * d + h * dh;
              float dot = 0f;
              for (int c = 0; c < dh; c++) {
                dot += q.value[qOff + c] * k.value[kOff + c];
              }
              s = dot * scale;
            }
            probs[pOff + j] = s;
            max = Math.max(max, s);
          }
          float sum = 0f;
          for (int j = 0; j < tk; j++) {
            float e = max == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(probs[pOff + j] - max);
            probs[pOff + j] = e;
            sum += e;
          }
          for (int j = 0; j < tk; j++) {
            float p = sum > 0 ? probs[pOff + j] / sum : 0f;
            probs[pOff + j] = p;
            if (p != 0f) {
              int vOff = (b * tk + j) * d + h * dh;
              for (int c = 0; c < dh; c++) {
                y.value[qOff + c] += p * v.value[vOff + c];
              }
            }
          }
        }
      }
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      float[] qg = q.needsGrad ? q.grad() : null;
      float[] kg = k.needsGrad ? k.grad() : null;
      float[] vg = v.needsGrad ? v.grad() : null;
      float[] dp = new float[tk];
      for (int b = 0; b < batch; b++) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < tq; i++) {
            int pOff = ((b * heads + h) * tq + i) * tk;
            int qOff = (b * tq + i) * d + h * dh;
            float weighted = 0f;
            for (int j = 0; j < tk; j++) {
              float p = probs[pOff + j];
              dp[j] = 0f;
              if (p == 0f) {
                continue;
              }
              int vOff = (b * tk + j) * d + h * dh;
              float dot = 0f;
              for (int c = 0; c < dh; c++) {
                dot += g[qOff + c] * v.value[vOff + c];
                if (vg != null) {
                  vg[vOff + c] += p * g[qOff + c];
                }
              }
              dp[j] = dot;
              weighted += p * dot;
            }
            for (int j = 0; j < tk; j++) {
              float p = probs[pOff + j];
              if (p == 0f) {
                continue;
              }
              float ds = p * (dp[j] - weighted) * scale;
              int kOff = (b * tk + j) * d + h * dh;
              for (int c = 0; c < dh; c++) {
                if (qg != null) {
                  qg[qOff + c] += ds * k.value[kOff + c];
                }
                if (kg != null) {
                  kg[kOff + c] += ds * q.value[qOff + c];
                }
              }
            }
          }
        }
      }
    });
    return y;
  }

  /** SwiGLU's gating: silu(a) ⊙ b. */
  public Tensor swiglu(Tensor a, Tensor b) {
    Tensor y = output(a.rows, a.cols, a, b);
    for (int i = 0; i < y.value.length; i++) {
      y.value[i] = Kernels.silu(a.value[i]) * b.value[i];
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      for (int i = 0; i < g.length; i++) {
        float x = a.value[i];
        float s = Kernels.sigmoid(x);
        if (a.needsGrad) {
          a.grad()[i] += g[i] * b.value[i] * s * (1f + x * (1f - s));
        }
        if (b.needsGrad) {
          b.grad()[i] += g[i] * x * s;
        }
      }
    });
    return y;
  }

  /**
   * The memory residual gate, per sequence of {@code slots} rows: G = sigmoid(W · mean_dim(stm + update)
   * + bias), one value per slot; out = (1 − G) ⊙ stm + G ⊙ update. {@code gates}, if not null, receives
   * G (batch·slots values) for inspection.
   */
  public Tensor gatedResidual(Tensor stm, Tensor update, Tensor weight, Tensor bias, int slots, float[] gates) {
    int d = stm.cols;
    int batch = stm.rows / slots;
    Tensor y = output(stm.rows, d, stm, update, weight, bias);
    float[] mean = new float[stm.rows];
    float[] gate = new float[stm.rows];
    Kernels.gate(stm.value, update.value, weight.value, bias.value, slots, d, batch, mean, gate);
    for (int r = 0; r < stm.rows; r++) {
      for (int c = 0; c < d; c++) {
        int i = r * d + c;
        y.value[i] = stm.value[i] + gate[r] * (update.value[i] - stm.value[i]);
      }
    }
    if (gates != null) {
      System.arraycopy(gate, 0, gates, 0, gate.length);
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      float[] dz = new float[slots];
      float[] dm = new float[slots];
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < slots; s++) {
          int r = b * slots + s;
          float dGate = 0f;
          for (int c = 0; c < d; c++) {
            int i = r * d + c;
            dGate += g[i] * (update.value[i] - stm.value[i]);
            if (stm.needsGrad) {
              stm.grad()[i] += (1f - gate[r]) * g[i];
            }
            if (update.needsGrad) {
              update.grad()[i] += gate[r] * g[i];
            }
          }
          dz[s] = dGate * gate[r] * (1f - gate[r]);
        }
        Arrays.fill(dm, 0f);
        for (int s = 0; s < slots; s++) {
          if (bias.needsGrad) {
            bias.grad()[s] += dz[s];
          }
          for (int t = 0; t < slots; t++) {
            if (weight.needsGrad) {
              weight.grad()[s * slots + t] += dz[s] * mean[b * slots + t];
            }
            dm[t] += weight.value[s * slots + t] * dz[s];
          }
        }
        for (int s = 0; s < slots; s++) {
          float share = dm[s] / d;
          int o = (b * slots + s) * d;
          for (int c = 0; c < d; c++) {
            if (stm.needsGrad) {
              stm.grad()[o + c] += share;
            }
            if (update.needsGrad) {
              update.grad()[o + c] += share;
            }
          }
        }
      }
    });
    return y;
  }

  /** Weighted mean cross-entropy of logits[n×V] against targets; weight 0 ignores a row. */
  public Tensor crossEntropy(Tensor logits, int[] targets, float[] weights) {
    return crossEntropy(logits, targets, weights, sum(weights));
  }

  /**
   * Weighted cross-entropy summed and divided by {@code total} rather than by these weights' own sum:
   * a shard of a batch divides by the whole batch's weight, so the shards' losses add up to the batch mean.
   */
  public Tensor crossEntropy(Tensor logits, int[] targets, float[] weights, float total) {
    int v = logits.cols;
    Tensor y = output(1, 1, logits);
    float norm = total > 0 ? 1f / total : 0f;
    float[] probs = new float[logits.value.length];
    double loss = 0;
    for (int r = 0; r < logits.rows; r++) {
      if (weights[r] == 0f) {
        continue;
      }
      int o = r * v;
      float logSum = Kernels.softmax(logits.value, o, v, probs);
      loss -= weights[r] * (logits.value[o + targets[r]] - logSum);
    }
    y.value[0] = (float) (loss * norm);
    onBackward(y, () -> {
      float g = y.grad()[0] * norm;
      float[] lg = logits.grad();
      for (int r = 0; r < logits.rows; r++) {
        if (weights[r] == 0f) {
          continue;
        }
        int o = r * v;
        for (int c = 0; c < v; c++) {
          lg[o + c] += g * weights[r] * (probs[o + c] - (c == targets[r] ? 1f : 0f));
        }
      }
    });
    return y;
  }

  public static float sum(float[] weights) {
    float total = 0f;
    for (float w : weights) {
      total += w;
    }
    return total;
  }

  /** −mean over rows of cos(x_r, target_r); target is a constant. */
  public Tensor negativeCosine(Tensor x, float[] target) {
    int d = x.cols;
    Tensor y = output(1, 1, x);
    float[] cos = new float[x.rows];
    float[] nx = new float[x.rows];
    float[] nt = new float[x.rows];
    double sum = 0;
    for (int r = 0; r < x.rows; r++) {
      double xx = 0;
      double tt = 0;
      double xt = 0;
      for (int c = 0; c < d; c++) {
        float a = x.value[r * d + c];
        float b = target[r * d + c];
        xx += a * a;
        tt += b * b;
        xt += a * b;
      }
      nx[r] = (float) Math.sqrt(xx + 1e-12);
      nt[r] = (float) Math.sqrt(tt + 1e-12);
      cos[r] = (float) (xt / (nx[r] * nt[r]));
      sum += cos[r];
    }
    y.value[0] = (float) (-sum / x.rows);
    onBackward(y, () -> {
      float g = -y.grad()[0] / x.rows;
      float[] xg = x.grad();
      for (int r = 0; r < x.rows; r++) {
        for (int c = 0; c < d; c++) {
          int i = r * d + c;
          xg[i] += g * (target[i] / (nx[r] * nt[r]) - cos[r] * x.value[i] / (nx[r] * nx[r]));
        }
      }
    });
    return y;
  }

  /** s·a, elementwise. */
  public Tensor scale(Tensor a, float s) {
    Tensor y = output(a.rows, a.cols, a);
    for (int i = 0; i < y.value.length; i++) {
      y.value[i] = a.value[i] * s;
    }
    onBackward(y, () -> {
      float[] g = y.grad();
      float[] ag = a.grad();
      for (int i = 0; i < g.length; i++) {
        ag[i] += g[i] * s;
      }
    });
    return y;
  }

  /** a·wa + b·wb for scalars (1 × 1), e.g. the joint loss. */
  public Tensor weightedSum(Tensor a, float wa, Tensor b, float wb) {
    Tensor y = output(1, 1, a, b);
    y.value[0] = a.value[0] * wa + b.value[0] * wb;
    onBackward(y, () -> {
      if (a.needsGrad) {
        a.grad()[0] += y.grad()[0] * wa;
      }
      if (b.needsGrad) {
        b.grad()[0] += y.grad()[0] * wb;
      }
    });
    return y;
  }
}
