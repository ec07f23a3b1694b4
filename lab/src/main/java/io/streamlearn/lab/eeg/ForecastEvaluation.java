package io.streamlearn.lab.eeg;

import io.streamlearn.actors.EntityResult;
import io.streamlearn.actors.eeg.EegEvent;
import io.streamlearn.actors.eeg.EegOutput;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.actors.eeg.RecordingLogic;
import io.streamlearn.traffic.eeg.EegSource;
import java.util.List;

/**
 * One recording fed as live, block by block, through the eeg domain's {@link RecordingLogic} with the
 * live settings, and the forecast errors it publishes turned into NRMSE: per method (model, AR,
 * persistence), horizon and channel, the RMS error over the forecasts of the samples of the
 * recording's second half divided by the channel's standard deviation over that half.
 */
final class ForecastEvaluation {

  /**
   * @param nrmse [method][horizon][channel]
   * @param firstScoreSeconds signal before the first anomaly score (NaN if none)
   */
  record Result(String recordingId, List<String> labels, double sampleRate, double seconds, int[] horizons,
      double[][][] nrmse, double firstScoreSeconds, int artifactEvents, int episodes, long artifactSamples,
      double wallSeconds) {}

  private ForecastEvaluation() {}

  static Result run(EegSource source, EegSettings settings, double blockSeconds) {
    String id = source.recordingId();
    RecordingLogic logic = new RecordingLogic(id, settings);
    double rate = source.sampleRateHz();
    int block = (int) Math.max(1, Math.round(blockSeconds * rate));
    long total = Math.round(source.durationSeconds() * rate);
    long half = total / 2;
    int c = source.channelLabels().size();
    int[] horizons = settings.horizons(rate);
    int methods = 3;
    double[][][] sse = new double[methods][horizons.length][c];
    long[] count = new long[horizons.length];
    double[] sum = new double[c];
    double[] sumSq = new double[c];
    long n = 0;
    long seen = 0;
    long startMillis = source.nextSampleMillis();
    double firstScore = Double.NaN;
    int artifactEvents = 0;
    int episodes = 0;
    long artifactSamples = 0;
    long t0 = System.nanoTime();
    while (!source.finished()) {
      long start = source.nextSampleMillis();
      double[][] samples = source.nextBlock(block);
      int len = samples[0].length;
      EntityResult<EegOutput> result = logic.handle(new EegEvent(id, start, rate, source.channelLabels(),
          source.units(), samples));
      if (!(result instanceof EntityResult.Emit<EegOutput> emit)) {
        throw new IllegalStateException("block at " + start + " rejected: " + result);
      }
      boolean second = seen >= half;
      for (EegOutput out : emit.outputs()) {
        if (out instanceof EegOutput.Prediction p) {
          if (Double.isNaN(firstScore) && !Double.isNaN(p.anomalyScore())) {
            firstScore = (p.forecastMillis() - startMillis) / 1000.0;
          }
          for (int ch = 0; ch < c; ch++) {
            artifactSamples += p.artifactSamples()[ch];
          }
          if (second) {
            for (int m = 0; m < methods; m++) {
              for (int j = 0; j < horizons.length; j++) {
                for (int ch = 0; ch < c; ch++) {
                  double e = p.errors()[m][j][ch];
                  sse[m][j][ch] += len * e * e;
                }
              }
            }
          }
        } else if (out instanceof EegOutput.Alert a) {
          if (a.artifact()) {
            artifactEvents++;
          } else if (a.endMillis() == null) {
            episodes++;
          }
        }
      }
      if (second) {
        for (int j = 0; j < horizons.length; j++) {
          count[j] += len;
        }
        for (int ch = 0; ch < c; ch++) {
          for (double v : samples[ch]) {
            sum[ch] += v;
            sumSq[ch] += v * v;
          }
        }
        n += len;
      }
      seen += len;
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double[][][] nrmse = new double[methods][horizons.length][c];
    for (int ch = 0; ch < c; ch++) {
      double mean = sum[ch] / n;
      double std = Math.sqrt(Math.max(0, sumSq[ch] / n - mean * mean));
      for (int m = 0; m < methods; m++) {
        for (int j = 0; j < horizons.length; j++) {
          nrmse[m][j][ch] = Math.sqrt(sse[m][j][ch] / count[j]) / std;
        }
      }
    }
    return new Result(id, source.channelLabels(), rate, seen / rate, horizons, nrmse, firstScore, artifactEvents,
        episodes, artifactSamples, wall);
  }
}
