package io.streamlearn.actors.eeg;

import java.util.List;

/**
 * A decoded block of one recording that passed the checks needing no history: finite samples,
 * one label, unit and equally long sample array per channel, at least one sample, a positive rate.
 *
 * @param startMillis event time of the block's first sample
 * @param samples {@code samples[channel][i]}, in physical units, channel-major
 */
public record EegEvent(String recordingId, long startMillis, double sampleRateHz, List<String> channelLabels,
    List<String> units, double[][] samples) {

  public EegEvent {
    channelLabels = List.copyOf(channelLabels);
    units = List.copyOf(units);
  }

  public int sampleCount() {
    return samples[0].length;
  }
}
