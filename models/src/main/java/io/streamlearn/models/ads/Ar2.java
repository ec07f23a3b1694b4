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
 *
 * <p>The authors' script passes α = {@code max(np.linalg.eigvals(A))}, which is complex when A has
 * complex eigenvalues (their real-data system), and numpy then keeps complex arithmetic where it
 * can: c0, the trigger threshold and the epoch size are computed from the complex α (the epoch
 * size's real part, the threshold compared lexicographically as numpy orders complex numbers),
 * while the estimates live in a float array and so keep real parts only (Re(α) X, Re(α^{K−1}) X).
 * The second constructor reproduces that; with a real α both are the plain algorithm.
 */
public final class Ar2 extends AbstractPolicy {
  private final int k;
  private final double alpha; // Re(α): what the estimates decay by
  private final double initFactor; // Re(α^{K−1})
  private final double logMod; // ln |α|
  private final double arg; // arg α
  private final double a2Re; // α²
  private final double a2Im;
  private final double invRe; // 1 / (1 − α²)
  private final double invIm;
  private final long epoch;
  private final double c1Re; // c1 = 24 c0, times σ
  private final double c1Im;
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
    this(name, arms, alpha, 0, sigma, seed);
  }

  /** With a complex α = {@code alphaRe} + i {@code alphaIm}, computed as the authors' numpy code does. */
  public Ar2(String name, ArmSet arms, double alphaRe, double alphaIm, double sigma, long seed) {
    super(name, arms);
    double mod = Math.hypot(alphaRe, alphaIm);
    if (!(mod > 0 && mod < 1) || !(sigma > 0)) {
      throw new IllegalArgumentException("AR2 needs 0 < |alpha| < 1 and sigma > 0: " + mod + ", " + sigma);
    }
    this.k = arms.size();
    this.alpha = alphaRe;
    this.logMod = Math.log(mod);
    this.arg = Math.atan2(alphaIm, alphaRe);
    this.initFactor = realPow(k - 1);
    this.a2Re = alphaRe * alphaRe - alphaIm * alphaIm;
    this.a2Im = 2 * alphaRe * alphaIm;
    double dr = 1 - a2Re;
    double dd = dr * dr + a2Im * a2Im;
    this.invRe = dr / dd;
    this.invIm = a2Im / dd;
    // E = ⌈Re(K α⁻³ σ⁻³)⌉
    double e = Math.ceil(k * realPow(-3) * Math.pow(sigma, -3));
    this.epoch = (long) Math.min(e, 1e18);
    // c0 = √(4 ln(1/(ασ)) + 4 ln E + 2 ln(4K)), ln(1/(ασ)) = −ln|ασ| − i arg α
    double lnInv = arg == 0 ? Math.log(1 / (alphaRe * sigma)) : -(logMod + Math.log(sigma));
    double zRe = 4 * lnInv + 4 * Math.log(epoch) + 2 * Math.log(4.0 * k);
    double zIm = 4 * -arg;
    double sqRe = Math.sqrt((Math.hypot(zRe, zIm) + zRe) / 2);
    double sqIm = Math.copySign(Math.sqrt((Math.hypot(zRe, zIm) - zRe) / 2), zIm);
    this.c1Re = 24 * sqRe * sigma;
    this.c1Im = 24 * sqIm * sigma;
    this.rng = new Rng(seed);
    this.tauTrig = new double[k];
    this.tau = new double[k];
    this.est = new double[k];
    this.triggered = new boolean[k];
    Arrays.fill(tauTrig, Double.POSITIVE_INFINITY);
    Arrays.fill(tau, Double.POSITIVE_INFINITY);
    Arrays.fill(est, Double.POSITIVE_INFINITY);
  }

  /** Re(α^x). */
  private double realPow(double x) {
    return arg == 0 ? Math.pow(alpha, x) : Math.exp(x * logMod) * Math.cos(x * arg);
  }

  /**
   * Whether {@code gap} ≤ c1 σ √((α² − α^{2n})/(1 − α²)), n = t0 − τ_i + 1, in numpy's order of complex
   * numbers (real parts first, then imaginary parts; the gap is real).
   */
  private boolean withinThreshold(double gap, double n) {
    if (arg == 0) {
      return gap <= c1Re * Math.sqrt((a2Re - Math.pow(alpha, 2 * n)) / (1 - a2Re));
    }
    double mag = Math.exp(2 * n * logMod);
    double pRe = mag * Math.cos(2 * n * arg);
    double pIm = mag * Math.sin(2 * n * arg);
    double nRe = a2Re - pRe;
    double nIm = a2Im - pIm;
    double qRe = nRe * invRe - nIm * invIm;
    double qIm = nRe * invIm + nIm * invRe;
    double h = Math.hypot(qRe, qIm);
    double sRe = Math.sqrt((h + qRe) / 2);
    double sIm = Math.copySign(Math.sqrt((h - qRe) / 2), qIm);
    double tRe = c1Re * sRe - c1Im * sIm;
    double tIm = c1Re * sIm + c1Im * sRe;
    return gap < tRe || (gap == tRe && 0 <= tIm);
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
      for (int i = 0; i < k; i++) {
        if (i != iSup && !triggered[i]) {
          if (withinThreshold(est[iSup] - est[i], t0 - tau[i] + 1)) {
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
      // the authors' α^{K − t0 + τ − 1} with τ just set to t0
      est[lastPull] = initFactor * x;
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
