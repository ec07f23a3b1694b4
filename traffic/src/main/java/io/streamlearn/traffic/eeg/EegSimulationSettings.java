package io.streamlearn.traffic.eeg;

import com.typesafe.config.Config;
import java.time.Instant;

/**
 * The EEG simulator's settings ({@code streamlearn.simulate.eeg}): how many synthetic recordings,
 * their montage and length, how they are cut into blocks, how fast they are streamed.
 *
 * @param startMillis event time of every recording's first sample; empty in the configuration means
 *     now, so a rerun against a running {@code serve} starts new recordings instead of going back in
 *     time in the old ones (whose blocks would be rejected as late)
 * @param speed multiple of real time; 0 streams as fast as the broker takes the blocks
 */
public record EegSimulationSettings(int recordings, int channels, double sampleRateHz, long blockMillis,
    double durationSeconds, double seizuresPerHour, long seed, long startMillis, double speed) {

  public static EegSimulationSettings fromConfig(Config streamlearn, long nowMillis) {
    Config sim = streamlearn.getConfig("simulate.eeg");
    String start = sim.getString("start");
    return new EegSimulationSettings(
        sim.getInt("recordings"),
        sim.getInt("channels"),
        sim.getDouble("sample-rate"),
        sim.getDuration("block").toMillis(),
        sim.getDuration("duration").toMillis() / 1000.0,
        sim.getDouble("seizures-per-hour"),
        sim.getLong("seed"),
        start.isEmpty() ? nowMillis / 1000 * 1000 : Instant.parse(start).toEpochMilli(),
        sim.getDouble("speed"));
  }

  public EegSimulationSettings withRecordings(int count) {
    return new EegSimulationSettings(count, channels, sampleRateHz, blockMillis, durationSeconds, seizuresPerHour, seed,
        startMillis, speed);
  }

  public EegSimulationSettings withDuration(double seconds) {
    return new EegSimulationSettings(recordings, channels, sampleRateHz, blockMillis, seconds, seizuresPerHour, seed,
        startMillis, speed);
  }

  public EegSimulationSettings withSeizuresPerHour(double rate) {
    return new EegSimulationSettings(recordings, channels, sampleRateHz, blockMillis, durationSeconds, rate, seed,
        startMillis, speed);
  }

  public EegSimulationSettings withSpeed(double multiple) {
    return new EegSimulationSettings(recordings, channels, sampleRateHz, blockMillis, durationSeconds, seizuresPerHour,
        seed, startMillis, multiple);
  }

  public EegSimulationSettings withSeed(long newSeed) {
    return new EegSimulationSettings(recordings, channels, sampleRateHz, blockMillis, durationSeconds, seizuresPerHour,
        newSeed, startMillis, speed);
  }

  public EegSimulationSettings withStartMillis(long millis) {
    return new EegSimulationSettings(recordings, channels, sampleRateHz, blockMillis, durationSeconds, seizuresPerHour,
        seed, millis, speed);
  }

  /** Samples per channel in one block. */
  public int blockSamples() {
    return (int) Math.max(1, Math.round(blockMillis * sampleRateHz / 1000));
  }
}
