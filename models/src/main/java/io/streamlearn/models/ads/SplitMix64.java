package io.streamlearn.models.ads;

/**
 * A tiny seeded generator (SplitMix64, Steele/Lea/Flood 2014) whose whole state is one {@code long},
 * so policies can save and restore it exactly. Not thread-safe; one instance per policy.
 */
public final class SplitMix64 {
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The current state; {@code new SplitMix64(s.state())} continues the same sequence. */
  public long state() {
    return state;
  }

  public void setState(long state) {
    this.state = state;
  }

  /** The SplitMix64 finaliser: a bijective 64-bit mixing function. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Derives an independent seed from a seed and a stream index (e.g. a trial number). */
  public static long derive(long seed, long stream) {
    return mix64(mix64(seed + GOLDEN) ^ mix64(stream * GOLDEN + 0x632BE59BD9B4E019L));
  }

  public long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), unbiased (rejection sampling). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long range = bound;
    long limit = Long.remainderUnsigned(-range, range); // 2^64 mod range
    while (true) {
      long r = nextLong();
      if (Long.compareUnsigned(r, limit) >= 0) {
        return (int) Long.remainderUnsigned(r, range);
      }
    }
  }
}
