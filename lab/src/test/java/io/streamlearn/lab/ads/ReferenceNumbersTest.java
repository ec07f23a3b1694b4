package io.streamlearn.lab.ads;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BlockSchedule;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.DynLinUcb;
import io.streamlearn.models.ads.Linalg;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The numbers of shared/reference/dynlin-ucb.md, computed from the authors' configs. */
class ReferenceNumbersTest {
  private static final long T = 1_000_000;

  @Test
  void syntheticSigma001Truth() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    LinearDynamicalEnvironment env = cfg.environment(1);
    ArmSet arms = cfg.arms();
    assertArrayEquals(new double[] {0.5625, 0.5, 0.111111}, env.h(), 1e-6);
    int best = env.bestArm(arms);
    assertArrayEquals(new double[] {1, 0.5, 0}, arms.arm(best), 0);
    assertEquals(0.8125, env.optimalValue(arms), 1e-12);
    assertEquals(0.2, env.spectralRadius(), 0); // exact: diagonal A
    assertEquals(1.0, env.phi(), 1e-12);
    assertEquals(1.004988, env.omega(), 1e-6);
    assertEquals(0.509902, env.theta(), 1e-6);
    assertEquals(0.45, env.bBar(), 1e-12);
    assertEquals(1.118034, arms.maxNorm(), 1e-6);

    DynLinBounds b = env.trueBounds(T);
    assertEquals(1.075207, b.c1(), 1e-6);
    assertEquals(2.276925, b.c2(arms.maxNorm()), 1e-6);
    assertEquals(2.052083e-4, b.sigmaTildeSq(), 1e-10);

    // the myopic arm (largest <θ, u>) is (0, 1, 0.5), worth 0.5556 in steady state
    int myopic = arms.argmax(env.thetaVector());
    assertArrayEquals(new double[] {0, 1, 0.5}, arms.arm(myopic), 0);
    assertEquals(0.5556, arms.dot(myopic, env.h()), 1e-4);
  }

  @Test
  void syntheticBlocks() {
    assertEquals(137_206, BlockSchedule.blockCount(T, 0.2));
    assertArrayEquals(new long[] {1, 2, 3, 4, 6, 8, 10, 12}, BlockSchedule.firstBlockEnds(8, 0.2));
  }

  @Test
  void syntheticBetas() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    ArmSet arms = cfg.arms();
    DynLinBounds b = cfg.environment(1).trueBounds(T);
    DynLinUcb one = new DynLinUcb(arms, b, 1.0, 1);
    assertEquals(5.007, one.beta(1), 5e-4);
    assertEquals(19.18, one.beta(1_000), 5e-3);
    assertEquals(34.93, one.beta(1_000_000), 5e-3);
    DynLinUcb lnT = new DynLinUcb(arms, b, Math.log(T), 1);
    assertEquals(5.109, lnT.beta(1), 5e-4);
    // the reference page rounds this one to 8.930; the authors' formula (numpy) gives 8.929480376
    assertEquals(8.930, lnT.beta(1_000), 1e-3);
    assertEquals(13.18, lnT.beta(1_000_000), 5e-3);
    // the values of the authors' formula evaluated with numpy
    assertEquals(5.007087275842876, one.beta(1), 1e-9);
    assertEquals(19.17972583361815, one.beta(1_000), 1e-9);
    assertEquals(34.925790000194326, one.beta(1_000_000), 1e-9);
    assertEquals(5.109077891951714, lnT.beta(1), 1e-9);
    assertEquals(8.929480376212775, lnT.beta(1_000), 1e-9);
    assertEquals(13.18183440196211, lnT.beta(1_000_000), 1e-9);
  }

  @Test
  void dynLinUcbPlaysThePaperBlocks() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    ArmSet arms = cfg.arms();
    DynLinBounds b = cfg.environment(1).trueBounds(T);
    DynLinUcb p = new DynLinUcb(arms, b, 1.0, 7);
    long starts = 0;
    long[] firstStarts = new long[9];
    for (long t = 0; t < T; t++) {
      p.chooseArm();
      if (p.newAction()) {
        if (starts < firstStarts.length) {
          firstStarts[(int) starts] = t;
        }
        assertEquals(starts, p.block());
        starts++;
      }
      p.observe(0.5);
    }
    // blocks start at 0, then one round after each block end 1, 2, 3, 4, 6, 8, 10, 12
    assertArrayEquals(new long[] {0, 2, 3, 4, 5, 7, 9, 11, 13}, firstStarts);
    assertEquals(137_206, starts);
  }

  @Test
  void realDataTruth() {
    DynLinConfig cfg = DynLinConfig.load("realdata");
    LinearDynamicalEnvironment env = cfg.environment(1);
    ArmSet arms = cfg.arms();
    assertArrayEquals(new double[] {0.2515, -0.0363, 0.1061}, env.h(), 1e-4);
    assertEquals(0.6668913422955938, env.spectralRadius(), 1e-12); // numpy: max |eigvals(A)|
    assertEquals(2.7812, env.phi(), 1e-4);
    int best = env.bestArm(arms);
    assertArrayEquals(new double[] {1, 0, 0.5}, arms.arm(best), 0);
    assertEquals(0.3046, env.optimalValue(arms), 1e-4);
    assertEquals(41_212, BlockSchedule.blockCount(T, env.spectralRadius()));
    assertArrayEquals(new double[] {0.00314, 0.49686, 1.0}, cfg.expertAllocation().orElseThrow(), 1e-5);
  }

  @Test
  void spectralRadiusOfGeneralMatrices() {
    // rotation-scaling block (eigenvalues 0.5 ± 0.5i, |λ| = 0.7071) plus a real eigenvalue -0.3
    double[][] a = {{0.5, -0.5, 0.1}, {0.5, 0.5, 0.2}, {0, 0, -0.3}};
    assertEquals(Math.sqrt(0.5), Linalg.spectralRadius(a), 1e-12);
    // a Jordan block: ρ = 0.9 although ‖A^k‖ grows first
    double[][] j = {{0.9, 1, 0}, {0.1, 0.9, 1}, {0, 0, 0.9}};
    double[][] jj = {{0.9, 1}, {0, 0.9}};
    assertEquals(0.9, Linalg.spectralRadius(new double[][] {{0.9, 1}, {1e-30, 0.9}}), 1e-9);
    assertEquals(0.9, Linalg.spectralRadius(jj), 0);
    // characteristic polynomial check for j: eigenvalues 0.9 + μ with μ³ − 0.1 μ... = 0; compare with trace bound
    double r = Linalg.spectralRadius(j);
    double[] ev = {0.9, 0.9 + Math.sqrt(0.1), 0.9 - Math.sqrt(0.1)}; // μ(μ² − 0.1) = 0
    assertEquals(ev[1], r, 1e-9);
  }
}
