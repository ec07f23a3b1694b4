package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** An RxT conversation's whole state between turns: layers × slots × dim, immutable. */
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

  public static ShortTermMemory readState(DataInput in) throws IOException {
    int n = in.readInt();
    int slots = in.readInt();
    int dim = in.readInt();
    if (n < 1 || n > 64 || slots < 1 || slots > 4096 || dim < 1 || dim > 4096) {
      throw new IOException("implausible STM shape " + n + " x " + slots + " x " + dim);
    }
    float[][] layers = new float[n][slots * dim];
    for (float[] layer : layers) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] = in.readFloat();
      }
    }
    return new ShortTermMemory(slots, dim, layers);
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
