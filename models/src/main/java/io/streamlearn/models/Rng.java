package io.streamlearn.models;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The one seeded random generator of every model, simulator and experiment: SplitMix64 (Steele, Lea,
 * Flood 2014) with the same outputs as {@link java.util.SplittableRandom} for {@code nextLong},
 * {@code nextDouble} and {@code nextInt(bound)} (so sequences drawn before it replaced that class, such
 * as the chat model's training data, are unchanged), and whose whole state is one {@code long}, so a
 * model holding one writes and reads it exactly. Not thread-safe: one instance per model.
 */
public final class Rng {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** An independent seed for sub-stream {@code stream} of {@code seed} (a trial, a round, a part of a model). */
  public static long derive(long seed, long stream) {
    return mix64(mix64(seed + GOLDEN) ^ mix64(stream * GOLDEN + 0x632BE59BD9B4E019L));
  }

  /** The seed of one entity's model: fixed by the configured seed and the entity's id, so reruns agree. */
  public static long entitySeed(long seed, String entityId) {
    return seed * GOLDEN + entityId.hashCode();
  }

  public long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform in [0, bound), unbiased (SplittableRandom's rejection of over-represented values). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  /** Standard normal (Box-Muller from two uniforms; no spare kept, so the state stays one long). */
  public double nextGaussian() {
    double u = nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  public void writeState(DataOutput out) throws IOException {
    out.writeLong(state);
  }

  public void readState(DataInput in) throws IOException {
    state = in.readLong();
  }

  private int nextInt() {
    state += GOLDEN;
    long z = state;
    z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
    return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
