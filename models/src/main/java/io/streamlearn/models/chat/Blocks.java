package io.streamlearn.models.chat;

import io.streamlearn.models.Rng;

/** Parameter groups shared by the decoder, encoder and memory attention, with their training-graph forward. */
final class Blocks {
  private Blocks() {}

  static Tensor gain(Parameters p, String name, int dim, Rng rng) {
    return p.create(name, 1, dim, 0, 1f, rng);
  }

  /** Multi-head attention projections q, k, v, o (no biases). */
  record Attention(Tensor wq, Tensor wk, Tensor wv, Tensor wo) {
    static Attention create(Parameters p, String prefix, int dim, int depth, Rng rng) {
      double std = 1 / Math.sqrt(dim);
      return new Attention(p.create(prefix + ".q", dim, dim, std, 0, rng), p.create(prefix + ".k", dim, dim, std, 0, rng),
          p.create(prefix + ".v", dim, dim, std, 0, rng),
          // Residual-branch outputs scaled down with depth so the stream starts near identity.
          p.create(prefix + ".o", dim, dim, std / Math.sqrt(2 * depth), 0, rng));
    }
  }

  /** SwiGLU feed-forward: (silu(x W_gate) ⊙ x W_up) W_down. */
  record FeedForward(Tensor gate, Tensor up, Tensor down) {
    static FeedForward create(Parameters p, String prefix, int dim, int hidden, int depth, Rng rng) {
      return new FeedForward(p.create(prefix + ".gate", dim, hidden, 1 / Math.sqrt(dim), 0, rng),
          p.create(prefix + ".up", dim, hidden, 1 / Math.sqrt(dim), 0, rng),
          p.create(prefix + ".down", hidden, dim, 1 / Math.sqrt(hidden) / Math.sqrt(2 * depth), 0, rng));
    }

    Tensor forward(Tape tape, Tensor x) {
      return tape.matmul(tape.swiglu(tape.matmul(x, gate), tape.matmul(x, up)), down);
    }
  }

  /** The per-slot residual gate: weight slots × slots over the slot means, bias per slot. */
  record Gate(Tensor weight, Tensor bias) {
    static Gate create(Parameters p, String prefix, int slots, Rng rng) {
      return new Gate(p.create(prefix + ".w", slots, slots, 0.01, 0, rng), p.create(prefix + ".b", 1, slots, 0, 0f, rng));
    }
  }

  /**
   * Self-attention (q, k rotated by position) or cross-attention to unpositioned memory rows when
   * {@code keyPositions} is null (RoPE on the queries only, as the paper does for memory).
   */
  static Tensor attend(Tape tape, Attention a, Tensor queries, Tensor keysValues, int batch, int tq, int tk,
      int heads, int[] queryPositions, int[] keyPositions, boolean causal, boolean[] keyValid) {
    Tensor q = tape.matmul(queries, a.wq);
    Tensor k = tape.matmul(keysValues, a.wk);
    Tensor v = tape.matmul(keysValues, a.wv);
    if (queryPositions != null) {
      q = tape.rope(q, heads, queryPositions);
    }
    if (keyPositions != null) {
      k = tape.rope(k, heads, keyPositions);
    }
    return tape.matmul(tape.attention(q, k, v, batch, tq, tk, heads, causal, keyValid), a.wo);
  }

  /** Position t of every row b·T + t. */
  static int[] positions(int batch, int seqLen) {
    int[] pos = new int[batch * seqLen];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = i % seqLen;
    }
    return pos;
  }
}
