package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Sizes of a Reactive Transformer. {@code slots} equals the padded interaction length, as in the paper's
 * models, so encoder states can seed the memory and the memory-pretraining target is elementwise.
 *
 * @param stmSigma standard deviation of the initial random STM
 */
public record RxtConfig(int vocabSize, int dim, int layers, int heads, int ffnHidden, int slots,
    MemoryVariant memoryVariant, float stmSigma) {

  public enum MemoryVariant {
    /** Update = Attn(Q = STM_l, K = V = ED_l), gated. */
    SIMPLE,
    /** First attend to the mean of all memory layers (gated), then to ED_l (gated). */
    INTERLAYER
  }

  public RxtConfig {
    if (dim % heads != 0 || (dim / heads) % 2 != 0) {
      throw new IllegalArgumentException("dim must split into heads of even size (RoPE rotates pairs)");
    }
    if (vocabSize < 8 || layers < 1 || ffnHidden < 1 || slots < 4) {
      throw new IllegalArgumentException("config too small: " + this);
    }
  }

  /** Longest interaction the tiny model's memory slots are sized for, in tokens with [BOS] [Q] [A] [EOS]. */
  public static final int MAX_INTERACTION_TOKENS = 12;

  /**
   * The tiny configuration trained here: dim 64, 2 layers, 4 heads, SwiGLU 128, 12 slots. The reference
   * targets 24–32-token interactions; our templates never exceed 12 tokens, so slots = 12 keeps the
   * paper's slots = interaction length at half the CPU cost.
   */
  public static RxtConfig tiny(int vocabSize) {
    return new RxtConfig(vocabSize, 64, 2, 4, 128, MAX_INTERACTION_TOKENS, MemoryVariant.INTERLAYER,
        0.1f);
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(vocabSize);
    out.writeInt(dim);
    out.writeInt(layers);
    out.writeInt(heads);
    out.writeInt(ffnHidden);
    out.writeInt(slots);
    out.writeUTF(memoryVariant.name());
    out.writeFloat(stmSigma);
  }

  static RxtConfig read(DataInput in) throws IOException {
    return new RxtConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
        MemoryVariant.valueOf(in.readUTF()), in.readFloat());
  }
}
