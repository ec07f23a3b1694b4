package io.streamlearn.models.eeg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Seeded SplitMix64 generator with a Gaussian (polar Box-Muller) whose spare value is part of the
 * state, so a model holding one can save and restore it exactly. One instance per model; not
 * thread-safe (models are single-threaded by design).
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;
  private boolean hasSpare;
  private double spare;

  public Rng(long seed) {
    this.state = seed;
  }

  /** Derives an independent seed for sub-stream {@code stream} of {@code seed}. */
  public static long derive(long seed, long stream) {
    return mix(mix(seed + GOLDEN) ^ mix(stream * GOLDEN + 0x632BE59BD9B4E019L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Standard normal. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  public void write(DataOutput out) throws IOException {
    out.writeLong(state);
    out.writeBoolean(hasSpare);
    out.writeDouble(spare);
  }

  public void read(DataInput in) throws IOException {
    state = in.readLong();
    hasSpare = in.readBoolean();
    spare = in.readDouble();
  }
}
