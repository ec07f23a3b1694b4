package io.streamlearn.models.ads;

import io.streamlearn.models.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link RidgeRegression}'s cached per-arm forms s_a = aᵀV⁻¹a (rank-1 downdates, periodic exact
 * refresh): at every decision of 20,000 rounds the UCB argmax with the cached forms picks the same
 * arm, with bit-identical mean and width, as the O(K d²) exact argmax on the same V⁻¹; and the
 * cached forms stay within the error bound the argmax relies on.
 */
class IncrementalNormTest {
  private static final int ROUNDS = 20_000;

  /** Runs the policy and checks every decision against the exact argmax; returns {decisions, exact evaluations}. */
  private static long[] checkAgainstExact(AbstractPolicy p, RidgeRegression ridge, Rewards rewards, String label) {
    long decisions = 0;
    long evalsBefore = ridge.exactEvaluations;
    double worstDrift = 0;
    for (int t = 0; t < ROUNDS; t++) {
      int arm = p.chooseArm();
      boolean decided = p.rounds() > 0 && (p instanceof LinUcb || p.newAction());
      if (decided) {
        decisions++;
        double beta = p instanceof LinUcb lin ? lin.beta(p.rounds()) : ((DynLinUcb) p).beta(p.rounds());
        long evals = ridge.exactEvaluations;
        int exact = ridge.argmaxUcbExact(beta);
        assertEquals(evals, ridge.exactEvaluations);
        assertEquals(exact, arm, label + " round " + t);
        assertEquals(Double.doubleToRawLongBits(ridge.chosenMean), Double.doubleToRawLongBits(p.expectedReward()),
            label + " mean, round " + t);
        assertEquals(Double.doubleToRawLongBits(ridge.chosenWidth), Double.doubleToRawLongBits(p.confidenceWidth()),
            label + " width, round " + t);
        worstDrift = Math.max(worstDrift, drift(ridge, p.arms()) / ridge.err);
      }
      p.observe(rewards.next(p.arms(), arm));
    }
    assertTrue(worstDrift <= 1, label + ": cached forms drifted beyond the bound: " + worstDrift);
    long evals = ridge.exactEvaluations - evalsBefore;
    System.out.printf("%s: %d decisions, %.3f exact evaluations per decision, worst drift %.2e of the bound%n",
        label, decisions, evals / (double) Math.max(1, decisions), worstDrift);
    return new long[] {decisions, evals};
  }

  /** max_a |cached s_a − aᵀV⁻¹a| (the form computed as RidgeRegression.norm does). */
  private static double drift(RidgeRegression r, ArmSet arms) {
    int d = r.d;
    double worst = 0;
    for (int a = 0; a < arms.size(); a++) {
      double q = 0;
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += r.vInv[i][j] * arms.get(a, j);
        }
        q += arms.get(a, i) * s;
      }
      worst = Math.max(worst, Math.abs(r.quad[a] - q));
    }
    return worst;
  }

  /** Rewards: the synthetic system's (with its noise), or ⟨θ, a⟩ + N(0, σ²) for a random arm set. */
  private interface Rewards {
    double next(ArmSet arms, int arm);
  }

  /**
   * A small dynamical system like the paper's synthetic one: spend raises a hidden awareness that
   * decays by 0.2 per round and pays later, plus an immediate effect and noise σ = 0.01.
   */
  private static Rewards carryOver(long seed) {
    double[] immediate = {0.25, 0.5, 0.1};
    double[] toAwareness = {0.5, 0.2, 0.0};
    double[] state = {0};
    Rewards noise = linear(new double[3], 0.01, seed);
    return (arms, arm) -> {
      double reward = arms.dot(arm, immediate) + 0.5 * state[0] + noise.next(arms, arm);
      state[0] = 0.2 * state[0] + arms.dot(arm, toAwareness);
      return reward;
    };
  }

  private static Rewards linear(double[] theta, double sigma, long seed) {
    Rng r = new Rng(seed);
    return (arms, arm) -> {
      double u1 = 1 - r.nextDouble();
      double u2 = r.nextDouble();
      return arms.dot(arm, theta) + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    };
  }

  /** k random allocations of total 1.5 over p platforms, each in [0, 1]. */
  static ArmSet randomArms(int p, int k, long seed) {
    Rng r = new Rng(seed);
    double[][] out = new double[k][p];
    for (double[] a : out) {
      boolean ok;
      do {
        double sum = 0;
        for (int j = 0; j < p; j++) {
          a[j] = r.nextDouble();
          sum += a[j];
        }
        ok = sum > 0;
        for (int j = 0; j < p && ok; j++) {
          a[j] *= 1.5 / sum;
          ok = a[j] <= 1;
        }
      } while (!ok);
    }
    return ArmSet.of(out);
  }

  private static double[] theta(int p, long seed) {
    Rng r = new Rng(seed);
    double[] th = new double[p];
    for (int i = 0; i < p; i++) {
      th[i] = 0.5 + r.nextDouble();
    }
    return th;
  }

  @Test
  void carryOverSystemOnThePaperArmsSameArmsAsExact() {
    // The paper's arm set (total 1.5, each platform in [0, 1]) and bounds near its synthetic truth.
    ArmSet arms = ArmSet.vertices(3, 1.5, 1.0, 0.0);
    DynLinBounds bounds = new DynLinBounds(0.2, 1.0, 1.005, 0.51, 0.45, 0.01, 1e-6);
    for (String name : new String[] {"DynLin-UCB", "DynLin-UCB-lnT", "LinUCB", "LinUCB-lnT", "D-LinUCB-lnT"}) {
      for (long seed : new long[] {1, 2}) {
        BudgetPolicy p = PolicyFactory.create(name, arms, 1_000_000, seed, bounds);
        RidgeRegression ridge = p instanceof LinUcb lin ? lin.ridge : ((DynLinUcb) p).ridge;
        checkAgainstExact((AbstractPolicy) p, ridge, carryOver(seed), "synt " + name + " seed " + seed);
      }
    }
  }

  @Test
  void sixteenPlatformsSixtyFourRandomArmsSameArmsAsExact() {
    ArmSet arms = randomArms(16, 64, 7);
    double[] theta = theta(16, 8);
    // ρ̄ = 0: every round is a block, a decision and a Sherman-Morrison update (crosses 4 refreshes)
    DynLinBounds bounds = new DynLinBounds(0.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1e-3);
    DynLinUcb dyn = new DynLinUcb(arms, bounds, 1.0, 3);
    long[] r = checkAgainstExact(dyn, dyn.ridge, linear(theta, 0.1, 9), "p=16 K=64 DynLin-UCB");
    assertEquals(ROUNDS - 1, r[0]);
    // the margin rarely admits a second candidate: the guard costs little
    assertTrue(r[1] < 1.5 * r[0], "exact evaluations per decision " + r[1] / (double) r[0]);
    LinUcb lin = (LinUcb) PolicyFactory.create("LinUCB", arms, 1_000_000, 3, bounds);
    checkAgainstExact(lin, lin.ridge, linear(theta, 0.1, 9), "p=16 K=64 LinUCB");
  }

  /**
   * The error bound shrinks with V⁻¹, so the guard keeps admitting about one candidate late in a
   * long run too (a bound fixed at the start would admit more and more arms as the widths shrink).
   */
  @Test
  void guardStaysCheapOverLongRuns() {
    ArmSet vertices = ArmSet.vertices(16, 1.5, 1, 0);
    double[][] first = new double[64][];
    for (int i = 0; i < first.length; i++) {
      first[i] = vertices.arm(i * 3);
    }
    ArmSet arms = ArmSet.of(first);
    DynLinBounds bounds = new DynLinBounds(0.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1e-3);
    DynLinUcb p = new DynLinUcb(arms, bounds, 1.0, 3);
    Rewards rewards = linear(theta(16, 21), 0.1, 22);
    int rounds = 300_000;
    long lateEvals = 0;
    for (int t = 0; t < rounds; t++) {
      long before = p.ridge.exactEvaluations;
      p.observe(rewards.next(arms, p.chooseArm()));
      if (t >= rounds - 50_000) {
        lateEvals += p.ridge.exactEvaluations - before;
      }
    }
    assertTrue(lateEvals < 1.2 * 50_000, "exact evaluations per decision late: " + lateEvals / 50_000.0);
  }

  /**
   * Exact ties and near-ties everywhere: the paper's vertex set for p = 4 (permutations of one
   * allocation, hence equal forms up to rounding), every arm twice, and a symmetric response.
   */
  @Test
  void tiesGoToTheFirstArmAsInTheExactArgmax() {
    ArmSet vertices = ArmSet.vertices(4, 1.5, 1, 0);
    double[][] twice = new double[2 * vertices.size()][];
    for (int i = 0; i < vertices.size(); i++) {
      twice[2 * i] = vertices.arm(i);
      twice[2 * i + 1] = vertices.arm(i);
    }
    ArmSet arms = ArmSet.of(twice);
    DynLinBounds bounds = new DynLinBounds(0.0, 1.0, 1.0, 1.0, 1.0, 0.01, 1e-3);
    DynLinUcb dyn = new DynLinUcb(arms, bounds, 1.0, 5);
    checkAgainstExact(dyn, dyn.ridge, linear(new double[] {1, 1, 1, 1}, 0.0, 1), "p=4 ties DynLin-UCB");
    LinUcb lin = (LinUcb) PolicyFactory.create("LinUCB", arms, 1_000_000, 5, bounds);
    checkAgainstExact(lin, lin.ridge, linear(new double[] {1, 1, 1, 1}, 0.01, 1), "p=4 ties LinUCB");
  }

  /** A restore mid-cycle (the copy's cache is rebuilt exactly, the original's has drifted) changes nothing. */
  @Test
  void restoredPolicyMatchesAcrossRefreshes() throws IOException {
    ArmSet arms = randomArms(16, 64, 11);
    double[] theta = theta(16, 12);
    DynLinBounds bounds = new DynLinBounds(0.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1e-3);
    DynLinUcb a = new DynLinUcb(arms, bounds, 1.0, 3);
    Rewards rewards = linear(theta, 0.1, 13);
    for (int t = 0; t < 3_000; t++) {
      a.observe(rewards.next(arms, a.chooseArm()));
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(bos));
    DynLinUcb b = new DynLinUcb(arms, bounds, 1.0, 4);
    b.readState(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    for (int t = 0; t < 6_000; t++) {
      int armA = a.chooseArm();
      assertEquals(armA, b.chooseArm(), "round " + t);
      assertEquals(Double.doubleToRawLongBits(a.confidenceWidth()), Double.doubleToRawLongBits(b.confidenceWidth()));
      assertEquals(Double.doubleToRawLongBits(a.expectedReward()), Double.doubleToRawLongBits(b.expectedReward()));
      double y = rewards.next(arms, armA);
      a.observe(y);
      b.observe(y);
    }
    ByteArrayOutputStream sa = new ByteArrayOutputStream();
    ByteArrayOutputStream sb = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(sa));
    b.writeState(new DataOutputStream(sb));
    assertArrayEquals(sa.toByteArray(), sb.toByteArray());
  }
}
