package io.streamlearn.models.eeg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.models.Rng;
import io.streamlearn.models.eeg.BalancedReservoir.Adaptation;
import io.streamlearn.models.eeg.BalancedReservoir.Targets;
import org.junit.jupiter.api.Test;

/** The reconstruction's adaptation and one-step design bring the neurons' rates towards their targets. */
class BalancedReservoirTest {

  /** Mean over neurons of |mean rate − target| over 2,000 steps after {@code warmup} steps of uniform input. */
  private static double targetError(BalancedReservoir r, int warmup) {
    Rng rng = new Rng(3);
    double[] u = new double[1];
    for (int t = 0; t < warmup; t++) {
      u[0] = rng.uniform(-1, 1);
      r.step(u);
    }
    double[] mean = new double[r.size()];
    for (int t = 0; t < 2000; t++) {
      u[0] = rng.uniform(-1, 1);
      r.step(u);
      for (int i = 0; i < mean.length; i++) {
        mean[i] += r.state()[i] / 2000;
      }
    }
    double[] target = r.targets();
    double err = 0;
    for (int i = 0; i < mean.length; i++) {
      err += Math.abs(mean[i] - target[i]) / mean.length;
    }
    return err;
  }

  @Test
  void adaptationAndTheOneStepDesignReachTheTargets() {
    BalancedReservoir.Config cfg = BalancedReservoir.Config.reconstruction(200, 1, 1, 7);
    for (Targets t : Targets.values()) {
      BalancedReservoir fixed = new BalancedReservoir(cfg.with(Adaptation.NONE, t));
      fixed.setUniformGain(0.2); // excitation-dominated: far from most targets
      double before = targetError(fixed, 2000);
      double perNeuron = targetError(new BalancedReservoir(cfg.with(Adaptation.PER_NEURON, t)), 2000);
      double perSynapse = targetError(new BalancedReservoir(cfg.with(Adaptation.PER_SYNAPSE, t)), 2000);
      BalancedReservoir designed = new BalancedReservoir(cfg.with(Adaptation.NONE, t));
      designed.design(new double[] {0});
      double oneStep = targetError(designed, 0);
      String msg = t + ": fixed " + before + ", per neuron " + perNeuron + ", per synapse " + perSynapse + ", one step "
          + oneStep;
      assertTrue(perNeuron < 0.5 * before && perSynapse < 0.5 * before && oneStep < before, msg);
    }
  }
}
