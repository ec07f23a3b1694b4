package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * An RxT conversation's whole state between turns: layers × slots × dim. Immutable once made, except
 * that {@link #readState} restores a snapshot into a memory of the model's shape.
 */
public final class ShortTermMemory {
  private final int slots;
  private final int dim;
  private final float[][] layers;

  ShortTermMemory(int slots, int dim, float[][] layers) {
    this.slots = slots;
    this.dim = dim;
    this.layers = layers;
  }

  public int layers() {
    return layers.length;
  }

  public int slots() {
    return slots;
  }

  public int dim() {
    return dim;
  }

  /** A copy of layer l, slots × dim row-major. */
  public float[] layer(int l) {
    return layers[l].clone();
  }

  public float[][] raw() {
    return layers;
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeInt(layers.length);
    out.writeInt(slots);
    out.writeInt(dim);
    for (float[] layer : layers) {
      for (float v : layer) {
        out.writeFloat(v);
      }
    }
  }

  /** Restores a memory written by {@link #writeState}; it must have this memory's shape (the same model). */
  public void readState(DataInput in) throws IOException {
    int n = in.readInt();
    int readSlots = in.readInt();
    int readDim = in.readInt();
    if (n != layers.length || readSlots != slots || readDim != dim) {
      throw new IOException("memory of shape " + n + " x " + readSlots + " x " + readDim + " does not fit this model's "
          + layers.length + " x " + slots + " x " + dim);
    }
    for (float[] layer : layers) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] = in.readFloat();
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShortTermMemory m && slots == m.slots && dim == m.dim && Arrays.deepEquals(layers, m.layers);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(layers);
  }
}
