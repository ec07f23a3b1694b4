package io.streamlearn.models.ads;

import io.streamlearn.models.StateIO;
import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * AR2, the "alternating and restarting" algorithm for bandits with autoregressive rewards (Chen,
 * Ebrahimi, Wang et al., "Non-Stationary Bandits with Auto-Regressive Temporal Dependency"), as
 * the authors ran it ({@code AR2Agent}) with α = ρ̄, σ = the noise σ, epoch size E = ⌈K α⁻³ σ⁻³⌉,
 * c0 = √(4 ln(1/(ασ)) + 4 ln E + 2 ln(4K)) and c1 = 24 c0. Each epoch s first plays every arm
 * once (arms K−1 … 0), then alternates between the arm i_sup with the larger of the last two
 * estimates and, on odd rounds, the earliest-triggered arm (an arm is triggered when est(i_sup) −
 * est(i) ≤ c1 σ √((α² − α^{2(t−τ_i+1)})/(1 − α²)), τ_i its last pull); estimates are α X for the
 * arm just pulled and decay by α for the others. Faithful to the authors' code, including that
 * the triggered set is only reset at an epoch start that their code never reaches, so a triggered
 * arm stays triggered (ties among the earliest-triggered broken uniformly, seeded).
 */
public final class Ar2 extends AbstractPolicy {
  private final int k;
  private final double alpha;
  private final long epoch;
  private final double c1;
  private final double sigma;
  private final Rng rng;

  private long t0 = 1;
  private long s = 1;
  private final double[] tauTrig;
  private final double[] tau;
  private final double[] est;
  private final boolean[] triggered;
  private int triggeredCount;
  private int lastPull = -1;
  private int lastLastPull = -1;
  /** Arms tied in the last decision's random pick (0: no pick) and their trigger time; not state. */
  private int tieCount;
  private double tieTime;

  public Ar2(String name, ArmSet arms, double alpha, double sigma, long seed) {
    super(name, arms);
    if (!(alpha > 0 && alpha < 1) || !(sigma > 0)) {
      throw new IllegalArgumentException("AR2 needs 0 < alpha < 1 and sigma > 0: " + alpha + ", " + sigma);
    }
    this.k = arms.size();
    this.alpha = alpha;
    this.sigma = sigma;
    double e = Math.ceil(k * Math.pow(alpha, -3) * Math.pow(sigma, -3));
    this.epoch = (long) Math.min(e, 1e18);
    double c0 =
        Math.sqrt(4 * Math.log(1 / (alpha * sigma)) + 4 * Math.log(epoch) + 2 * Math.log(4.0 * k));
    this.c1 = 24 * c0;
    this.rng = new Rng(seed);
    this.tauTrig = new double[k];
    this.tau = new double[k];
    this.est = new double[k];
    this.triggered = new boolean[k];
    Arrays.fill(tauTrig, Double.POSITIVE_INFINITY);
    Arrays.fill(tau, Double.POSITIVE_INFINITY);
    Arrays.fill(est, Double.POSITIVE_INFINITY);
  }

  public long epochSize() {
    return epoch;
  }

  @Override
  protected int decide() {
    long initEnd = k + (s - 1) * epoch;
    tieCount = 0;
    int a;
    if (t0 <= initEnd) {
      a = (int) (initEnd - t0);
    } else {
      int iSup = est[lastPull] >= est[lastLastPull] ? lastPull : lastLastPull;
      double a2 = alpha * alpha;
      for (int i = 0; i < k; i++) {
        if (i != iSup && !triggered[i]) {
          double r = (a2 - Math.pow(alpha, 2 * (t0 - tau[i] + 1))) / (1 - a2);
          if (est[iSup] - est[i] <= c1 * sigma * Math.sqrt(r)) {
            triggered[i] = true;
            triggeredCount++;
            tauTrig[i] = t0;
          }
        }
      }
      if (triggeredCount > 0 && t0 % 2 == 1) {
        double mn = Double.POSITIVE_INFINITY;
        for (double v : tauTrig) {
          mn = Math.min(mn, v);
        }
        int cnt = 0;
        for (double v : tauTrig) {
          if (v == mn) {
            cnt++;
          }
        }
        tieCount = cnt;
        tieTime = mn;
        int pick = rng.nextInt(cnt);
        a = -1;
        for (int i = 0; i < k; i++) {
          if (tauTrig[i] == mn && pick-- == 0) {
            a = i;
            break;
          }
        }
      } else {
        a = iSup;
      }
    }
    lastLastPull = lastPull;
    lastPull = a;
    lastNew = changed(a);
    lastBlock = round;
    return a;
  }

  /** A random pick among the arms triggered first is uniform over them; any other decision is certain. */
  @Override
  public double probabilityOf(int arm) {
    if (tieCount > 0) {
      return tauTrig[arm] == tieTime ? 1.0 / tieCount : 0.0;
    }
    return super.probabilityOf(arm);
  }

  @Override
  protected void learn(double x) {
    long initEnd = k + (s - 1) * epoch;
    tau[lastPull] = t0;
    if (t0 < initEnd) {
      est[lastPull] = Math.pow(alpha, k - t0 + tau[lastPull] - 1) * x;
    } else {
      est[lastPull] = alpha * x;
      for (int i = 0; i < k; i++) {
        if (i != lastPull) {
          est[i] *= alpha;
        }
      }
      if (t0 % epoch == 0) {
        s++;
      }
    }
    t0++;
  }

  @Override
  protected void writeBody(DataOutput out) throws IOException {
    rng.writeState(out);
    out.writeLong(t0);
    out.writeLong(s);
    out.writeInt(triggeredCount);
    out.writeInt(lastPull);
    out.writeInt(lastLastPull);
    StateIO.writeArray(out, tauTrig);
    StateIO.writeArray(out, tau);
    StateIO.writeArray(out, est);
    for (boolean b : triggered) {
      out.writeBoolean(b);
    }
  }

  @Override
  protected void readBody(DataInput in) throws IOException {
    rng.readState(in);
    t0 = in.readLong();
    s = in.readLong();
    triggeredCount = in.readInt();
    lastPull = in.readInt();
    lastLastPull = in.readInt();
    StateIO.readArray(in, tauTrig);
    StateIO.readArray(in, tau);
    StateIO.readArray(in, est);
    for (int i = 0; i < k; i++) {
      triggered[i] = in.readBoolean();
    }
  }
}
