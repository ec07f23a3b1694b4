package io.streamlearn.actors.eeg;

import io.streamlearn.models.Rng;
import com.typesafe.config.Config;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.models.eeg.EegMonitor;
import java.util.List;
import java.util.Locale;

/**
 * Configuration of the eeg domain ({@code streamlearn.eeg} in application.conf): the model every
 * recording gets. The montage (channels, sample rate) comes from each recording's first block.
 *
 * @param reservoirKind the adaptive E/I reservoir, or a plain echo state network as a baseline
 * @param readoutNeurons reservoir neurons the RLS readout sees (its cost is quadratic in them)
 * @param learnEvery the readout learns from every n-th sample
 * @param adaptationSeconds how long the inhibitory gains adapt at the start of a recording
 * @param scoreWarmupSeconds signal a recording needs before it has an anomaly score
 * @param errorWindowSeconds time constant of the forecast error the score is computed from
 * @param raiseThreshold score an episode must hold for {@code minDurationMillis} to open an alert
 * @param releaseThreshold score below which an open alert ends
 * @param horizonSeconds forecast horizons besides the next sample, in seconds (rounded to samples)
 * @param arOrder p of the AR(p) forecast the model corrects and that is published as a baseline
 * @param forgetting λ of the online fits (AR and readout)
 */
public record EegSettings(
    EegMonitor.ReservoirKind reservoirKind,
    int reservoirSize,
    int readoutNeurons,
    int learnEvery,
    double adaptationSeconds,
    double scoreWarmupSeconds,
    double errorWindowSeconds,
    double raiseThreshold,
    double releaseThreshold,
    long minDurationMillis,
    List<Double> horizonSeconds,
    int arOrder,
    double forgetting,
    long seed) {

  public EegSettings {
    horizonSeconds = List.copyOf(horizonSeconds);
  }

  public static EegSettings fromConfig(Config eeg) {
    Config alerts = eeg.getConfig("alerts");
    return new EegSettings(
        reservoirKind(eeg.getString("reservoir")),
        eeg.getInt("reservoir-size"),
        eeg.getInt("readout-neurons"),
        eeg.getInt("learn-every"),
        eeg.getDuration("adaptation").toMillis() / 1000.0,
        eeg.getDuration("score-warmup").toMillis() / 1000.0,
        eeg.getDuration("error-window").toMillis() / 1000.0,
        alerts.getDouble("raise-threshold"),
        alerts.getDouble("release-threshold"),
        alerts.getDuration("min-duration").toMillis(),
        eeg.getDurationList("horizons").stream().map(d -> d.toMillis() / 1000.0).toList(),
        eeg.getInt("ar-order"),
        eeg.getDouble("forgetting"),
        eeg.getLong("seed"));
  }

  private static EegMonitor.ReservoirKind reservoirKind(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "adaptive" -> EegMonitor.ReservoirKind.ADAPTIVE_EI;
      case "esn" -> EegMonitor.ReservoirKind.ESN;
      default -> throw new IllegalArgumentException("reservoir '" + name + "' is not one of: adaptive, esn");
    };
  }

  public EegSettings withReservoirSize(int size) {
    return new EegSettings(reservoirKind, size, readoutNeurons, learnEvery, adaptationSeconds, scoreWarmupSeconds,
        errorWindowSeconds, raiseThreshold, releaseThreshold, minDurationMillis, horizonSeconds, arOrder, forgetting, seed);
  }


  /** The forecast horizons in samples at this rate: 1, then each configured horizon rounded (duplicates dropped). */
  public int[] horizons(double sampleRateHz) {
    java.util.TreeSet<Integer> h = new java.util.TreeSet<>();
    h.add(1);
    for (double s : horizonSeconds) {
      h.add((int) Math.max(1, Math.round(s * sampleRateHz)));
    }
    return h.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The model configuration of a recording with this montage. */
  public EegMonitor.Config monitorConfig(String recordingId, int channels, double sampleRateHz) {
    EegMonitor.Config defaults = EegMonitor.Config.defaults(channels, sampleRateHz, Rng.entitySeed(seed, recordingId));
    return defaults.withForecast(horizons(sampleRateHz), arOrder, forgetting)
        .withReservoirKind(reservoirKind)
        .withReservoir(reservoirSize, readoutNeurons, learnEvery)
        .withWarmups(adaptationSeconds, scoreWarmupSeconds)
        .withErrorWindow(errorWindowSeconds)
        .withThresholds(raiseThreshold, releaseThreshold, minDurationMillis);
  }

  public EntityLogic.Factory<EegEvent, EegOutput> recordings() {
    return recordingId -> new RecordingLogic(recordingId, this);
  }
}
