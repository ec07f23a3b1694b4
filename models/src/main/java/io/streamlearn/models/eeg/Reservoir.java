package io.streamlearn.models.eeg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A driven recurrent network whose state is read by a trained linear readout. Implementations are
 * deterministic given their seed and inputs, allocate nothing per {@link #step}, and can write their
 * whole state (weights included) and read it back so that a restored reservoir continues
 * bit-identically.
 */
public interface Reservoir {
  /** Number of neurons (length of {@link #state()}). */
  int size();

  /** Number of input channels {@link #step} expects. */
  int inputs();

  /** Advances one time step driven by {@code input} (length {@link #inputs()}). */
  void step(double[] input);

  /** The current activity; a live view owned by the reservoir: read it, do not modify or keep it. */
  double[] state();

  /** Writes everything (configuration, weights, gains, activity, RNG). */
  void writeState(DataOutput out) throws IOException;

  /** Reads what {@link #writeState} wrote; the receiver must have the same size and inputs. */
  void readState(DataInput in) throws IOException;
}
