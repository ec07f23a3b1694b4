package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import io.streamlearn.models.Rng;
import java.util.Collections;

/** Named trainable tensors in creation order (the order they are saved in), with freezing by name prefix. */
public final class Parameters {
  private final Map<String, Tensor> byName = new LinkedHashMap<>();

  /** A new parameter drawn from N(0, std²), or all {@code fill} when std = 0. */
  Tensor create(String name, int rows, int cols, double std, float fill, Rng rng) {
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter " + name);
    }
    Tensor t = new Tensor(rows, cols);
    for (int i = 0; i < t.value.length; i++) {
      t.value[i] = std == 0 ? fill : (float) (rng.nextGaussian() * std);
    }
    t.needsGrad = true;
    byName.put(name, t);
    return t;
  }

  public Tensor get(String name) {
    Tensor t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return t;
  }

  public Map<String, Tensor> all() {
    return Collections.unmodifiableMap(byName);
  }

  public Collection<Tensor> tensors() {
    return byName.values();
  }

  /** Sets which parameters receive gradients: those whose name starts with one of the prefixes. */
  public void trainOnly(String... prefixes) {
    for (Map.Entry<String, Tensor> e : byName.entrySet()) {
      boolean train = false;
      for (String p : prefixes) {
        train |= e.getKey().startsWith(p);
      }
      e.getValue().needsGrad = train;
    }
  }

  public long count() {
    long n = 0;
    for (Tensor t : byName.values()) {
      n += t.value.length;
    }
    return n;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(byName.size());
    for (Map.Entry<String, Tensor> e : byName.entrySet()) {
      Tensor t = e.getValue();
      out.writeUTF(e.getKey());
      out.writeInt(t.rows);
      out.writeInt(t.cols);
      for (float v : t.value) {
        out.writeFloat(v);
      }
    }
  }

  /** Overwrites every parameter with the saved values; names and shapes must match. */
  public void read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != byName.size()) {
      throw new IOException("checkpoint has " + n + " parameters, model has " + byName.size());
    }
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      Tensor t = byName.get(name);
      int rows = in.readInt();
      int cols = in.readInt();
      if (t == null || t.rows != rows || t.cols != cols) {
        throw new IOException("checkpoint parameter " + name + " " + rows + "x" + cols + " does not match the model");
      }
      for (int j = 0; j < t.value.length; j++) {
        t.value[j] = in.readFloat();
      }
    }
  }
}
