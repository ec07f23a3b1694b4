package io.streamlearn.ops.http.dashboard;

/**
 * The EEG viewer's display filters: high-pass, low-pass and a mains notch as second-order IIR
 * sections (Bristow-Johnson's audio-EQ cookbook), run forward over the shown span. Display only: the
 * model gets the raw signal. Written here because three biquads do not justify a DSP library.
 */
final class DisplayFilter {

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;

  private DisplayFilter(double b0, double b1, double b2, double a0, double a1, double a2) {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
  }

  private static final double Q_BUTTERWORTH = Math.sqrt(0.5);
  /** A notch 2 Hz wide at 50 Hz: the mains line goes, the neighbouring EEG stays. */
  private static final double NOTCH_BANDWIDTH_HZ = 2.0;

  static DisplayFilter highPass(double cutoffHz, double sampleRate) {
    double w = 2 * Math.PI * cutoffHz / sampleRate;
    double alpha = Math.sin(w) / (2 * Q_BUTTERWORTH);
    double cos = Math.cos(w);
    return new DisplayFilter((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  static DisplayFilter lowPass(double cutoffHz, double sampleRate) {
    double w = 2 * Math.PI * cutoffHz / sampleRate;
    double alpha = Math.sin(w) / (2 * Q_BUTTERWORTH);
    double cos = Math.cos(w);
    return new DisplayFilter((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  static DisplayFilter notch(double centreHz, double sampleRate) {
    double w = 2 * Math.PI * centreHz / sampleRate;
    double alpha = Math.sin(w) / (2 * (centreHz / NOTCH_BANDWIDTH_HZ));
    double cos = Math.cos(w);
    return new DisplayFilter(1, -2 * cos, 1, 1 + alpha, -2 * cos, 1 - alpha);
  }

  /** Whether a filter at {@code hz} can run at this rate (below Nyquist, above zero). */
  static boolean realisable(double hz, double sampleRate) {
    return hz > 0 && hz < sampleRate / 2;
  }

  /** Filters {@code x} in place, starting from rest at its first value (no step at the start). */
  void apply(float[] x) {
    if (x.length == 0) {
      return;
    }
    // Start in the steady state of a constant input x[0], so the shown span does not open with a transient.
    double dcGain = (b0 + b1 + b2) / (1 + a1 + a2);
    double y0 = x[0] * dcGain;
    double x1 = x[0];
    double x2 = x[0];
    double y1 = y0;
    double y2 = y0;
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = xi;
      y2 = y1;
      y1 = yi;
      x[i] = (float) yi;
    }
  }
}
