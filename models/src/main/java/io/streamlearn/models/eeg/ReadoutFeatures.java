package io.streamlearn.models.eeg;

import io.streamlearn.models.Rng;
import java.util.Arrays;

/**
 * What the readout sees: a fixed, seeded random subset of the reservoir's neurons, the current
 * normalised input and a constant 1 (bias). A subset, because the RLS readout costs O(d²) per
 * update and a full reservoir would make d several times larger; the input itself, so the readout
 * can always fall back on persistence. Fixed at construction from the seed: nothing to snapshot.
 */
final class ReadoutFeatures {
  private final int[] neurons;
  private final int inputs;

  /** Draws {@code min(count, reservoirSize)} distinct neurons (partial Fisher–Yates), kept in ascending order. */
  ReadoutFeatures(int reservoirSize, int count, int inputs, long seed) {
    int r = Math.min(count, reservoirSize);
    this.neurons = new int[r];
    this.inputs = inputs;
    Rng rng = new Rng(seed);
    int[] perm = new int[reservoirSize];
    for (int i = 0; i < reservoirSize; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < r; i++) {
      int j = i + rng.nextInt(reservoirSize - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      neurons[i] = perm[i];
    }
    Arrays.sort(neurons);
  }

  /** d: neurons + inputs + 1. */
  int size() {
    return neurons.length + inputs + 1;
  }

  /** Writes the features of the reservoir {@code state} and {@code input} into {@code out} (length {@link #size()}). */
  void fill(double[] state, double[] input, double[] out) {
    for (int i = 0; i < neurons.length; i++) {
      out[i] = state[neurons[i]];
    }
    System.arraycopy(input, 0, out, neurons.length, inputs);
    out[out.length - 1] = 1;
  }
}
