package io.streamlearn.lab.eeg;

import io.streamlearn.models.Rng;

/** Generators of the benchmark signals: uniform i.i.d. input, Mackey-Glass, NARMA-10. */
public final class TimeSeries {
  private TimeSeries() {}

  /** i.i.d. uniform in [lo, hi). */
  public static double[] uniform(int length, double lo, double hi, Rng rng) {
    double[] u = new double[length];
    for (int i = 0; i < length; i++) {
      u[i] = rng.uniform(lo, hi);
    }
    return u;
  }

  /**
   * Mackey-Glass dx/dt = β x(t−τ)/(1 + x(t−τ)^n) − γ x(t) with β = 0.2, γ = 0.1, n = 10, integrated
   * with RK4 at step {@code dt} (delayed term linearly interpolated at half steps), sampled every
   * {@code sampleStep} time units; the first 1000 time units are discarded as transient. The initial
   * history is 1.2 + small seeded noise, so seeds give different (chaotic) trajectories.
   */
  public static double[] mackeyGlass(int length, double tau, double dt, double sampleStep, Rng rng) {
    int delay = (int) Math.round(tau / dt);
    int every = (int) Math.round(sampleStep / dt);
    int skip = (int) Math.round(1000 / dt);
    int total = skip + length * every + 1;
    double[] x = new double[delay + total + 1];
    for (int i = 0; i <= delay; i++) {
      x[i] = 1.2 + 0.05 * (rng.nextDouble() - 0.5);
    }
    double[] out = new double[length];
    int k = 0;
    for (int t = delay; t < delay + total; t++) {
      double xd0 = x[t - delay];
      double xd1 = x[t - delay + 1];
      double xdh = 0.5 * (xd0 + xd1);
      double cur = x[t];
      double k1 = mg(cur, xd0);
      double k2 = mg(cur + 0.5 * dt * k1, xdh);
      double k3 = mg(cur + 0.5 * dt * k2, xdh);
      double k4 = mg(cur + dt * k3, xd1);
      x[t + 1] = cur + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      int step = t + 1 - delay - skip;
      if (step > 0 && step % every == 0 && k < length) {
        out[k++] = x[t + 1];
      }
    }
    return out;
  }

  private static double mg(double x, double xd) {
    return 0.2 * xd / (1 + Math.pow(xd, 10)) - 0.1 * x;
  }

  /**
   * NARMA-10: y(t+1) = 0.3 y(t) + 0.05 y(t) Σ_{i=0..9} y(t−i) + 1.5 u(t−9) u(t) + 0.1 with u i.i.d.
   * uniform [0, 0.5]. Returns {u, y} where y[t] is the target available after input u[t−1]…, i.e. the
   * reservoir having seen u[0..t] predicts y[t+1]. Regenerates with fresh input in the rare case the
   * recurrence diverges.
   */
  public static double[][] narma10(int length, Rng rng) {
    while (true) {
      double[] u = uniform(length, 0, 0.5, rng);
      double[] y = new double[length];
      boolean ok = true;
      for (int t = 9; t < length - 1; t++) {
        double s = 0;
        for (int i = 0; i < 10; i++) {
          s += y[t - i];
        }
        y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * s + 1.5 * u[t - 9] * u[t] + 0.1;
        if (!Double.isFinite(y[t + 1]) || Math.abs(y[t + 1]) > 10) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return new double[][] {u, y};
      }
    }
  }
}
