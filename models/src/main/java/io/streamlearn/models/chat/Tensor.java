package io.streamlearn.models.chat;

import java.util.Arrays;

/**
 * A row-major float matrix (rows × cols) with an optional gradient; the unit of {@link Tape}'s
 * reverse-mode differentiation. A batch of sequences is stacked row-wise: row b·T + t is token t of
 * sequence b.
 */
public final class Tensor {
  public final int rows;
  public final int cols;
  public final float[] value;
  /** Whether a gradient flows into this tensor: trainable parameters and anything computed from one. */
  boolean needsGrad;
  private float[] grad;

  public Tensor(int rows, int cols) {
    this(rows, cols, new float[rows * cols]);
  }

  public Tensor(int rows, int cols, float[] value) {
    if (value.length != rows * cols) {
      throw new IllegalArgumentException("value length " + value.length + " != " + rows + " x " + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.value = value;
  }

  /** The gradient buffer, allocated on first use. */
  public float[] grad() {
    if (grad == null) {
      grad = new float[value.length];
    }
    return grad;
  }

  /** Whether a gradient flows into this tensor: trainable parameters and anything computed from one. */
  public boolean needsGrad() {
    return needsGrad;
  }

  public void setNeedsGrad(boolean needsGrad) {
    this.needsGrad = needsGrad;
  }

  public boolean hasGrad() {
    return grad != null;
  }

  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad, 0f);
    }
  }

}
