package io.streamlearn.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** How every model writes and reads the arrays of its state: length, then the values. */
public final class StateIO {

  private StateIO() {}

  public static void writeArray(DataOutput out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) {
      out.writeDouble(v);
    }
  }

  /** Reads into {@code into}, whose length the state must have (the same model, configured alike). */
  public static void readArray(DataInput in, double[] into) throws IOException {
    int len = in.readInt();
    if (len != into.length) {
      throw new IOException("array of length " + len + " in the state, expected " + into.length);
    }
    for (int i = 0; i < len; i++) {
      into[i] = in.readDouble();
    }
  }
}
