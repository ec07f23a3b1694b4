package io.streamlearn.lab.ads;

import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.Clairvoyant;
import io.streamlearn.models.ads.Exp3;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DynLin-UCB learns the steady-state optimum of the synthetic σ = 0.01 system, where LinUCB, which
 * regresses immediate rewards, settles on a suboptimal arm (0.5, 1, 0).
 */
class LearningTest {
  private static final DynLinConfig CFG = DynLinConfig.load("synt_sigma0dot01");

  /** Plays T rounds; returns {regret, share of u* in the last 10% of rounds, most played arm there}. */
  private static double[] play(String name, long horizon) {
    DynLinExperiment ex = new DynLinExperiment(CFG, horizon, 1, 42, 10);
    BudgetPolicy p = ex.newPolicy(name, 0, ex.trueBounds());
    LinearDynamicalEnvironment env = CFG.environment(ex.noiseSeed(0));
    double[] h = ex.h();
    int best = env.bestArm(ex.arms());
    double regret = 0;
    long[] late = new long[ex.arms().size()];
    for (long t = 0; t < horizon; t++) {
      int a = p.chooseArm();
      p.observe(env.step(ex.arms().arm(a)));
      regret += ex.optimalValue() - ex.arms().dot(a, h);
      if (t >= horizon * 9 / 10) {
        late[a]++;
      }
    }
    int mode = 0;
    for (int i = 1; i < late.length; i++) {
      if (late[i] > late[mode]) {
        mode = i;
      }
    }
    return new double[] {regret, late[best] / (horizon / 10.0), mode, best};
  }

  @Test
  void dynLinUcbLnTBeatsLinUcbAndConvergesToUStar() {
    long horizon = 200_000;
    double[] dyn = play("DynLin-UCB-lnT", horizon);
    double[] lin = play("LinUCB", horizon);
    assertTrue(dyn[0] < lin[0], "DynLin-UCB-lnT regret " + dyn[0] + " vs LinUCB " + lin[0]);
    assertEquals(dyn[3], dyn[2], "u* is the most played arm at the end");
    assertTrue(dyn[1] > 0.6, "share of u* in the last 10%: " + dyn[1]);
    assertTrue(lin[1] < 0.1, "LinUCB stays off u*: " + lin[1]);
  }

  @Test
  void dynLinUcbLambdaOneBeatsLinUcbOverTheFullHorizon() {
    long horizon = 1_000_000;
    double[] dyn = play("DynLin-UCB", horizon);
    double[] lin = play("LinUCB", horizon);
    assertTrue(dyn[0] < lin[0], "DynLin-UCB regret " + dyn[0] + " vs LinUCB " + lin[0]);
    assertEquals(dyn[3], dyn[2], "u* is the most played arm at the end");
    assertTrue(dyn[1] > 0.6, "share of u* in the last 10%: " + dyn[1]);
  }

  @Test
  void experimentCurvesAreSampledAndAggregated() {
    DynLinExperiment ex = new DynLinExperiment(CFG, 5_000, 3, 7, 50);
    long[] rounds = ex.sampleRounds();
    assertEquals(51, rounds.length);
    assertEquals(0, rounds[0]);
    assertEquals(5_000, rounds[50]);
    List<DynLinExperiment.Curve> curves =
        ex.run(List.of("Clairvoyant", "Exp3"), ex.trueBounds(), new DynLinExperiment.Listener() {});
    assertEquals(0, curves.get(0).finalMean(), 0);
    DynLinExperiment.Curve exp3 = curves.get(1);
    assertTrue(exp3.finalMean() > 0);
    for (int j = 1; j < rounds.length; j++) {
      assertTrue(exp3.mean()[j] >= exp3.mean()[j - 1]);
    }
    assertEquals(exp3.std()[50] / Math.sqrt(3), exp3.stderr()[50], 1e-12);
    // common random numbers and seeded policies: a rerun is identical
    DynLinExperiment.Curve again =
        ex.run(List.of("Exp3"), ex.trueBounds(), new DynLinExperiment.Listener() {}).get(0);
    assertArrayEquals(exp3.mean(), again.mean(), 0);
  }
}
