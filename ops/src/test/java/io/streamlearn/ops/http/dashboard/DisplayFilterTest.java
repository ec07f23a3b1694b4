package io.streamlearn.ops.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The display filters do what an EEG reader expects of them, measured on pure tones after settling. */
class DisplayFilterTest {

  private static final double RATE = 256;

  @Test
  void theNotchRemovesMainsAndKeepsAlpha() {
    assertTrue(gain(DisplayFilter.notch(50, RATE), 50) < 0.05, "50 Hz through a 50 Hz notch");
    assertTrue(gain(DisplayFilter.notch(50, RATE), 10) > 0.98, "10 Hz alpha through a 50 Hz notch");
  }

  @Test
  void theHighPassRemovesDriftAndKeepsTheRhythms() {
    assertTrue(gain(DisplayFilter.highPass(0.5, RATE), 0.05) < 0.02, "0.05 Hz drift");
    assertTrue(gain(DisplayFilter.highPass(0.5, RATE), 10) > 0.99, "10 Hz");
    assertTrue(Math.abs(gain(DisplayFilter.highPass(0.5, RATE), 0.5) - Math.sqrt(0.5)) < 0.03, "-3 dB at the cutoff");
  }

  @Test
  void theLowPassRemovesMuscleNoiseAndKeepsTheRhythms() {
    assertTrue(gain(DisplayFilter.lowPass(35, RATE), 100) < 0.12, "100 Hz");
    assertTrue(gain(DisplayFilter.lowPass(35, RATE), 10) > 0.98, "10 Hz");
  }

  @Test
  void aConstantStartsSettledWithoutATransient() {
    float[] x = new float[512];
    java.util.Arrays.fill(x, 40f);
    DisplayFilter.lowPass(70, RATE).apply(x);
    for (float v : x) {
      assertTrue(Math.abs(v - 40f) < 1e-3, "low-pass of a constant stays the constant: " + v);
    }
  }

  /** Amplitude of a unit sine at {@code hz} after the filter, over the last half of 60 s. */
  private static double gain(DisplayFilter filter, double hz) {
    int n = (int) (60 * RATE);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
    }
    filter.apply(x);
    double peak = 0;
    for (int i = n / 2; i < n; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    return peak;
  }
}
