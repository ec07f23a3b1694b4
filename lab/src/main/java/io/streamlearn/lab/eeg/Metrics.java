package io.streamlearn.lab.eeg;

/** Error and summary statistics used by the benchmark tasks. */
public final class Metrics {
  private Metrics() {}

  public static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n − 1); 0 for fewer than two values. */
  public static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /** RMSE / std(target) (population std of the target). */
  public static double nrmse(double[] pred, double[] target) {
    double m = mean(target);
    double se = 0;
    double var = 0;
    for (int i = 0; i < target.length; i++) {
      se += (pred[i] - target[i]) * (pred[i] - target[i]);
      var += (target[i] - m) * (target[i] - m);
    }
    return Math.sqrt(se / var);
  }

  /** Squared Pearson correlation r². */
  public static double r2(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    if (saa == 0 || sbb == 0) {
      return 0;
    }
    return sab * sab / (saa * sbb);
  }
}
