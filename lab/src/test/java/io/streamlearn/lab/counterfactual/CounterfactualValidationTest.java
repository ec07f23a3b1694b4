package io.streamlearn.lab.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.traffic.ads.DynLinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model-based counterfactual on one known system (all five: {@code experiment counterfactual}):
 * the fitted system orders every pair of policies the true trials tell apart as the truth does, and
 * gets every policy's reward per round within 10%; and per-round IPS is biased under carry-over.
 */
class CounterfactualValidationTest {

  @Test
  void theFittedSystemRanksPoliciesAsTheTrueOneAndGetsEachRewardWithin10Percent() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    CounterfactualValidation.Result r = CounterfactualValidation.run(cfg, LivePolicies.of(cfg),
        new CounterfactualValidation.Settings(2000, 40, 40, 0.1, "DynLin-UCB", 200, 1));
    assertTrue(r.fit().heldoutNrmse() < 0.5, "the fit predicts the held-out rounds: " + r.fit().heldoutNrmse());
    assertTrue(r.separatedPairs() >= 20, "the truth orders most pairs: " + r.separatedPairs());
    assertEquals(List.of(), r.reversedPairs(), "pairs the truth orders, ordered otherwise by the fit");
    for (CounterfactualValidation.PolicyResult p : r.policies()) {
      assertTrue(Math.abs(p.rewardError()) <= 0.10, p.policy() + ": fitted " + p.fitted().reward() + ", true " + p.trueReward());
    }
    // Carry-over: "always (1, 0.5, 0)", the best arm, earns mostly through the state, which IPS credits to other arms.
    CarryOverBias best = r.fixedArms().stream().filter(b -> b.target().equals("always [1.0, 0.5, 0.0]")).findFirst().orElseThrow();
    assertTrue(best.relativeIpsBias() < -0.15, "IPS of the best arm " + best.estimate().ips() + ", true " + best.trueValue());
  }
}
