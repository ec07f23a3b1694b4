package io.streamlearn.models.eeg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Parameters of an {@link EiReservoir}. Start from {@link #defaults} and change fields with the
 * {@code with…} methods.
 *
 * <p>Connectivity is fixed in-degree: every neuron receives exactly {@code excitatoryInDegree}
 * excitatory and {@code inhibitoryInDegree} inhibitory synapses (so every neuron can be reached by
 * the inhibition its gain scales). Excitatory weights are uniform in (0, 2·J_E/k_E], inhibitory ones
 * in (0, 2·J_I/k_I], so the expected summed weight onto a neuron is J_E resp. J_I; with equal E and
 * I rates, gain g = J_E/J_I is the balance point, g below it excitation-dominated, above it
 * over-inhibited.
 *
 * @param size N, number of neurons
 * @param inputs number of input channels
 * @param excitatoryFraction share of excitatory neurons (0.8: cortex-like 80/20)
 * @param excitatoryInDegree k_E, excitatory synapses per neuron
 * @param inhibitoryInDegree k_I, inhibitory synapses per neuron
 * @param excitatoryStrength J_E, expected summed excitatory weight per neuron
 * @param inhibitoryStrength J_I, expected summed inhibitory weight per neuron (before the gain g_i)
 * @param inputScale input weights U uniform in [−inputScale, inputScale]
 * @param inputFanIn input channels feeding each neuron (0 = all)
 * @param bias b, mean constant drive of a neuron (negative: low rest rate)
 * @param biasSpread σ_b: neuron i's bias is b_i = b + σ_b·z_i, z_i standard normal (seeded); 0 = all
 *     alike. Neurons that differ in excitability are what one global gain cannot tune all at once.
 * @param leak a ∈ (0, 1]
 * @param initialGain g_i at construction
 * @param targetRate r̄, the mean target rate
 * @param targetSpread 0 for homogeneous targets; else σ of the log-normal heterogeneous targets
 *     r_i = r̄·exp(σ z − σ²/2), clipped to [targetMin, targetMax]
 * @param targetMin lower clip of heterogeneous targets
 * @param targetMax upper clip of heterogeneous targets
 * @param learningRate η of g_i ← max(0, g_i + η (s_i − r_i))
 * @param seed network and target seed
 */
public record EiConfig(
    int size,
    int inputs,
    double excitatoryFraction,
    int excitatoryInDegree,
    int inhibitoryInDegree,
    double excitatoryStrength,
    double inhibitoryStrength,
    double inputScale,
    int inputFanIn,
    double bias,
    double biasSpread,
    double leak,
    double initialGain,
    double targetRate,
    double targetSpread,
    double targetMin,
    double targetMax,
    double learningRate,
    long seed) {

  public EiConfig {
    if (size < 2 || inputs < 1) {
      throw new IllegalArgumentException("size must be >= 2 and inputs >= 1");
    }
    if (!(excitatoryFraction > 0 && excitatoryFraction < 1)) {
      throw new IllegalArgumentException("excitatoryFraction must be in (0, 1)");
    }
    if (!(leak > 0 && leak <= 1)) {
      throw new IllegalArgumentException("leak must be in (0, 1]");
    }
    if (!(targetRate > 0 && targetRate < 1) || targetMin <= 0 || targetMax >= 1 || targetMin > targetMax) {
      throw new IllegalArgumentException("targets must lie in (0, 1)");
    }
  }

  /**
   * Connection probability 0.1 (in-degrees 0.1·N_E and 0.1·N_I), 80 % excitatory, J_E = J_I = 5,
   * bias −1 for every neuron, leak 1, g_i(0) = 1, homogeneous target 0.2, η = 0.005, heterogeneous clip
   * [0.05, 0.45].
   * Chosen (not taken from the paper, whose values we could not read) so that every target in the clip
   * range is reachable by inhibition alone: with g = 0 a neuron fires above 0.45, and the network stays
   * out of the paradoxical regime where raising inhibition on everyone silences the inhibitory cells
   * and the rule winds up (seen with J = 8–20 or b = 0: gains ran to 5–12 while rates stayed off target).
   */
  public static EiConfig defaults(int size, int inputs, long seed) {
    int ne = (int) Math.round(0.8 * size);
    int ni = size - ne;
    return new EiConfig(size, inputs, 0.8, Math.max(1, (int) Math.round(0.1 * ne)),
        Math.max(1, (int) Math.round(0.1 * ni)), 5.0, 5.0, 1.0, 0, -1.0, 0.0, 1.0, 1.0,
        0.2, 0.0, 0.05, 0.45, 0.005, seed);
  }

  public int excitatoryCount() {
    return (int) Math.round(excitatoryFraction * size);
  }

  public EiConfig withSeed(long s) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, bias, biasSpread, leak, initialGain, targetRate, targetSpread,
        targetMin, targetMax, learningRate, s);
  }

  public EiConfig withInDegrees(int kE, int kI) {
    return new EiConfig(size, inputs, excitatoryFraction, kE, kI, excitatoryStrength, inhibitoryStrength, inputScale,
        inputFanIn, bias, biasSpread, leak, initialGain, targetRate, targetSpread, targetMin, targetMax, learningRate,
        seed);
  }

  public EiConfig withInput(double scale, int fanIn) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, scale, fanIn, bias, biasSpread, leak, initialGain, targetRate, targetSpread, targetMin,
        targetMax, learningRate, seed);
  }

  /** Neurons' biases b_i = {@code b} + {@code spread}·N(0, 1): heterogeneous excitability. */
  public EiConfig withBias(double b, double spread) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, b, spread, leak, initialGain, targetRate, targetSpread, targetMin,
        targetMax, learningRate, seed);
  }

  public EiConfig withLeak(double a) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, bias, biasSpread, a, initialGain, targetRate, targetSpread,
        targetMin, targetMax, learningRate, seed);
  }

  public EiConfig withInitialGain(double g) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, bias, biasSpread, leak, g, targetRate, targetSpread, targetMin,
        targetMax, learningRate, seed);
  }

  /** Homogeneous (spread 0) or log-normal heterogeneous targets around {@code rate}. */
  public EiConfig withTargets(double rate, double spread) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, bias, biasSpread, leak, initialGain, rate, spread, targetMin,
        targetMax, learningRate, seed);
  }

  public EiConfig withTargetClip(double min, double max) {
    return new EiConfig(size, inputs, excitatoryFraction, excitatoryInDegree, inhibitoryInDegree, excitatoryStrength,
        inhibitoryStrength, inputScale, inputFanIn, bias, biasSpread, leak, initialGain, targetRate, targetSpread, min,
        max, learningRate, seed);
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(size);
    out.writeInt(inputs);
    out.writeDouble(excitatoryFraction);
    out.writeInt(excitatoryInDegree);
    out.writeInt(inhibitoryInDegree);
    out.writeDouble(excitatoryStrength);
    out.writeDouble(inhibitoryStrength);
    out.writeDouble(inputScale);
    out.writeInt(inputFanIn);
    out.writeDouble(bias);
    out.writeDouble(biasSpread);
    out.writeDouble(leak);
    out.writeDouble(initialGain);
    out.writeDouble(targetRate);
    out.writeDouble(targetSpread);
    out.writeDouble(targetMin);
    out.writeDouble(targetMax);
    out.writeDouble(learningRate);
    out.writeLong(seed);
  }

  static EiConfig read(DataInput in) throws IOException {
    return new EiConfig(in.readInt(), in.readInt(), in.readDouble(), in.readInt(), in.readInt(), in.readDouble(),
        in.readDouble(), in.readDouble(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
        in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
        in.readLong());
  }
}
