package io.streamlearn.lab.eeg;

import io.streamlearn.models.Rng;
import io.streamlearn.models.eeg.BalancedReservoir;
import io.streamlearn.models.eeg.BalancedReservoir.Adaptation;
import io.streamlearn.models.eeg.BalancedReservoir.Targets;
import io.streamlearn.models.eeg.EchoStateNetwork;
import io.streamlearn.models.eeg.Reservoir;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The second protocol of {@code experiment reservoir}: the reconstruction's regime
 * ({@link BalancedReservoir}) on the same tasks, data, splits and ridge readout as
 * {@link ReservoirProtocol}, at one input link scaling s. Methods, each on the same network per seed:
 * per-synapse and per-neuron adaptation and the one-step design, each with constant, Beta(2, 2) and
 * log-normal targets; {@code global-best}, one Ω for all neurons chosen on validation at this s; and
 * the ESN at the same input range (±s/2), spectral radius chosen on validation.
 */
final class ReconstructionProtocol {

  /** The methods in output order. */
  static final List<String> METHODS = methods();

  /** Global Ω of the baseline's grid: 0 … 3 (1 = the balanced weights as drawn). */
  static final double[] GAINS = {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3};

  private static final double[] RHOS = {0.5, 0.8, 0.9, 1.0, 1.1, 1.3};

  /** Test metric per method, the chosen global Ω and ESN radius, and the one-step design's unreachable neurons. */
  record SeedResult(long seed, Map<String, Double> test, double bestGain, double bestRho, Map<String, Integer> unreachable) {}

  private final ReservoirProtocol base;
  private final ReservoirProtocol.Settings settings;
  private final double scaling;

  ReconstructionProtocol(ReservoirProtocol.Settings settings, double scaling) {
    this.base = new ReservoirProtocol(settings);
    this.settings = settings;
    this.scaling = scaling;
  }

  private static List<String> methods() {
    List<String> m = new ArrayList<>();
    for (String kind : List.of("per-synapse", "per-neuron", "one-step")) {
      for (Targets t : Targets.values()) {
        m.add(kind + "-" + name(t));
      }
    }
    m.add("global-best");
    m.add("esn");
    return List.copyOf(m);
  }

  static String name(Targets t) {
    return switch (t) {
      case CONSTANT -> "constant";
      case BETA22 -> "beta22";
      case LOG_NORMAL -> "lognormal";
    };
  }

  SeedResult runSeed(long seed) {
    ReservoirProtocol.Data data = base.data(seed);
    long netSeed = Rng.derive(seed, 200);
    BalancedReservoir.Config cfg = BalancedReservoir.Config.reconstruction(settings.n(), 1, scaling, netSeed);
    Map<String, Double> test = new LinkedHashMap<>();
    Map<String, Integer> unreachable = new LinkedHashMap<>();
    double meanInput = 0;
    for (int t = 0; t < settings.warmup(); t++) {
      meanInput += data.input()[t] / settings.warmup();
    }
    for (Targets t : Targets.values()) {
      test.put("per-synapse-" + name(t), run(new BalancedReservoir(cfg.with(Adaptation.PER_SYNAPSE, t)), data)[1]);
      test.put("per-neuron-" + name(t), run(new BalancedReservoir(cfg.with(Adaptation.PER_NEURON, t)), data)[1]);
      BalancedReservoir designed = new BalancedReservoir(cfg.with(Adaptation.NONE, t));
      unreachable.put(name(t), designed.design(new double[] {meanInput}));
      test.put("one-step-" + name(t), run(designed, data)[1]);
    }
    double[] global = bestOf(GAINS, g -> {
      BalancedReservoir r = new BalancedReservoir(cfg);
      r.setUniformGain(g);
      return r;
    }, data);
    test.put("global-best", global[1]);
    double[] esn = bestOf(RHOS, rho -> new EchoStateNetwork(settings.esn().withSeed(netSeed).withSpectralRadius(rho)
        .withInput(scaling / 2, 0)), data);
    test.put("esn", esn[1]);
    return new SeedResult(seed, test, global[0], esn[0], unreachable);
  }

  /** {grid value whose network validates best, its test metric}. */
  private double[] bestOf(double[] grid, DoubleFunction<Reservoir> network, ReservoirProtocol.Data data) {
    double best = Double.NaN;
    double bestVal = base.worst();
    double bestTest = base.worst();
    for (double x : grid) {
      double[] vt = run(network.apply(x), data);
      if (Double.isNaN(best) || base.better(vt[0], bestVal)) {
        bestVal = vt[0];
        bestTest = vt[1];
        best = x;
      }
    }
    return new double[] {best, bestTest};
  }

  private double[] run(Reservoir r, ReservoirProtocol.Data data) {
    return base.evaluate(base.drive(r, data), data);
  }
}
