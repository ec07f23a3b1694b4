package io.streamlearn.lab.counterfactual;

import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;

/**
 * A world a budget policy can be run against: the reward of each round's allocation (with whatever
 * carry-over the world has) and the steady-state value of holding an allocation, against which
 * regret is counted. The simulator's known systems and the systems fitted from logs are both.
 */
public interface RewardSystem {

  /** Plays allocation {@code u} (arm-set units) for one round; its reward, in the policies' units. */
  double step(double[] u);

  /** The steady-state reward per round of holding {@code u} forever, J(u). */
  double value(double[] u);

  /** The paper's linear dynamical system (its truth known), from x_0 = 0. */
  static RewardSystem of(LinearDynamicalEnvironment env) {
    return new RewardSystem() {
      @Override
      public double step(double[] u) {
        return env.step(u);
      }

      @Override
      public double value(double[] u) {
        return env.value(u);
      }
    };
  }
}
