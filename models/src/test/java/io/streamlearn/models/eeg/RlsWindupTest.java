package io.streamlearn.models.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Forgetting RLS on features that excite only some directions (a sine at a quarter of the sample
 * rate seen through 8 lags spans two of them; a disconnected electrode spans none) grows P by 1/λ
 * per step in the others. Unbounded, the update loses positive definiteness within the hour and
 * the forecasts become NaN (both tests fail without the bound on P).
 */
class RlsWindupTest {

  private static final int LAGS = 8;

  @Test
  void aSineAtAQuarterOfTheSampleRateIsForecastForHoursWithoutNaN() {
    DelayedRls rls = new DelayedRls(LAGS, 1, new int[] {1, 20}, 0.9995, EegMonitor.RLS_DELTA, 4);
    double[] lags = new double[LAGS];
    double[] y = new double[1];
    double[] pred = new double[1];
    double worst = 0;
    for (int t = 0; t < 200 * 3600; t++) {
      double sample = Math.sin(Math.PI * t / 2 + 0.3);
      y[0] = sample;
      for (int j = 0; j < rls.horizonCount(); j++) {
        rls.learn(j, y, null, pred);
      }
      System.arraycopy(lags, 0, lags, 1, LAGS - 1);
      lags[0] = sample;
      rls.push(lags, true);
      rls.predict(0, lags, pred);
      double next = Math.sin(Math.PI * (t + 1) / 2 + 0.3);
      assertTrue(Double.isFinite(pred[0]), "forecast at step " + t + ": " + pred[0]);
      if (t > 200 * 60) {
        worst = Math.max(worst, Math.abs(pred[0] - next));
      }
    }
    assertTrue(worst < 1e-3, "one-step error after the first minute: " + worst);
  }

  @Test
  void aFlatChannelKeepsItsInverseCorrelationBounded() {
    RlsReadout rls = new RlsReadout(LAGS, 1, 0.9995, EegMonitor.RLS_DELTA);
    double[] x = new double[LAGS];
    double[] kappa = new double[LAGS];
    for (int t = 0; t < 200 * 3600; t++) {
      rls.gain(x, kappa);
    }
    double trace = rls.trace();
    assertTrue(Double.isFinite(trace) && trace <= RlsReadout.MAX_TRACE_PER_FEATURE * EegMonitor.RLS_DELTA * LAGS,
        "trace of P after an hour of zeros: " + trace);
    assertEquals(0.0, kappa[0]);
  }
}
