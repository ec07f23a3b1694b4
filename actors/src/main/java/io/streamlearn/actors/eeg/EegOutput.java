package io.streamlearn.actors.eeg;

import java.util.List;

/** What a recording publishes: a prediction per block, and alerts when an anomaly episode opens and closes. */
public sealed interface EegOutput {

  String recordingId();

  /**
   * The forecast after one block (see the {@code eeg.predictions} schema).
   *
   * @param forecastMillis event time of the sample forecast: the one after the block's last
   * @param channelError RMS one-step forecast error per channel over the block, in physical units
   * @param anomalyScore NaN while the recording's baseline warms up
   * @param horizons forecast horizons in samples (the first is 1: {@code forecast}, {@code channelError})
   * @param horizonForecasts [horizon][channel], physical units
   * @param errors [method][horizon][channel] RMS errors over the block, methods model, AR, persistence
   * @param artifactSamples per channel, samples of the block flagged as artifacts
   */
  record Prediction(String recordingId, long startMillis, long forecastMillis, double[] forecast,
      double[] channelError, double anomalyScore, int[] horizons, double[][] horizonForecasts, double[][][] errors,
      int[] artifactSamples) implements EegOutput {}

  /**
   * An anomaly episode (see the {@code eeg.alerts} schema): published once when it opens (endMillis
   * null) and once when it ends.
   *
   * @param decidedAtMillis event time at which the episode was opened or closed: the end of the block
   *     that decided it (the record's timestamp, from which detection delays are measured)
   * @param artifact an artifact (short, huge; published once, over) rather than an episode
   */
  record Alert(String recordingId, long startMillis, Long endMillis, double peakScore, List<String> channels,
      long decidedAtMillis, boolean artifact) implements EegOutput {

    public Alert {
      channels = List.copyOf(channels);
    }
  }
}
