package io.streamlearn.ops.http.dashboard;

/**
 * Downsampling for a screen: a span of samples cut into pixel columns, each reduced to its
 * minimum and maximum, so a spike narrower than a column still shows at its full height.
 */
final class MinMax {

  private MinMax() {}

  /**
   * Columns over {@code x[from, to)}; a column with no sample (more columns than samples) repeats
   * the nearest sample.
   *
   * @return {@code [2][columns]}: minima, then maxima
   */
  static float[][] columns(float[] x, int from, int to, int columns) {
    float[][] out = new float[2][columns];
    int n = to - from;
    if (n <= 0) {
      return new float[2][0];
    }
    for (int c = 0; c < columns; c++) {
      int start = from + (int) ((long) c * n / columns);
      int end = Math.max(start + 1, from + (int) ((long) (c + 1) * n / columns));
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = start; i < Math.min(end, to); i++) {
        min = Math.min(min, x[i]);
        max = Math.max(max, x[i]);
      }
      out[0][c] = min;
      out[1][c] = max;
    }
    return out;
  }
}
