package io.streamlearn.lab.backtest;

import io.streamlearn.streams.eeg.EegDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * EEG recordings backtested: each configuration (the live one, then each compared reservoir setting)
 * replays every recording's blocks through the live path, and each recording's outputs are scored
 * ({@link EegScores}).
 */
final class EegBacktest {

  /** One configuration's replay and the scores of its recordings. */
  record Run(Configurations.Labelled configuration, PipelineReplay.Outputs outputs, List<EegScores> scores,
      double signalSeconds) {

    double recordsPerSecond() {
      return outputs.inputs() / outputs.seconds();
    }

    double realTimeFactor() {
      return signalSeconds / outputs.seconds();
    }
  }

  private EegBacktest() {}

  static List<Run> run(EegInput input, List<Configurations.Labelled> configurations) throws Exception {
    double signal = input.recordings.stream().mapToDouble(EegInput.Recording::seconds).sum();
    List<Run> runs = new ArrayList<>();
    for (Configurations.Labelled c : configurations) {
      PipelineReplay.Outputs outputs = PipelineReplay.run(c.config(), EegDomain.NAME, input.records, c.label());
      List<EegScores> scores = new ArrayList<>();
      for (EegInput.Recording rec : input.recordings) {
        scores.add(EegScores.of(rec, outputs.records(), c.config()));
      }
      runs.add(new Run(c, outputs, scores, signal));
    }
    return runs;
  }
}
