package io.streamlearn.ops.http.dashboard;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.UserError;
import java.time.Duration;
import java.util.List;

/**
 * How much the dashboard keeps and sends ({@code streamlearn.dashboard}).
 *
 * @param framesPerSecond frames a page gets per second at most (a slower page gets fewer)
 * @param slowClientTimeout a page that reads nothing for this long is dropped
 * @param eegWindows the selectable windows of the EEG page, the longest is what is kept
 * @param eegChannels channels shown when a recording is opened
 * @param bipolarPairs the bipolar montage as "A-B" label pairs
 * @param adsRounds decisions kept per campaign
 * @param chatTurns turns kept per conversation
 * @param chatConversations conversations the chat page lists (the most recent)
 * @param raiseThreshold the live model's alert raise threshold, drawn on the score
 * @param releaseThreshold its release threshold
 */
public record DashboardSettings(double framesPerSecond, Duration slowClientTimeout, List<Duration> eegWindows,
    int eegChannels, List<String> bipolarPairs, int adsRounds, int chatTurns, int chatConversations, double raiseThreshold,
    double releaseThreshold) {

  public static DashboardSettings fromConfig(Config config) {
    Config d = config.getConfig("streamlearn.dashboard");
    DashboardSettings s = new DashboardSettings(d.getDouble("frames-per-second"), d.getDuration("slow-client-timeout"),
        d.getDurationList("eeg.windows"), d.getInt("eeg.channels"), d.getStringList("eeg.bipolar-pairs"),
        d.getInt("ads.rounds"), d.getInt("chat.turns"), d.getInt("chat.conversations"),
        config.getDouble("streamlearn.eeg.alerts.raise-threshold"),
        config.getDouble("streamlearn.eeg.alerts.release-threshold"));
    if (!(s.framesPerSecond > 0 && s.framesPerSecond <= 60) || s.eegWindows.isEmpty() || s.eegChannels < 1
        || s.adsRounds < 1 || s.chatTurns < 1 || s.chatConversations < 1) {
      throw new UserError("streamlearn.dashboard: frames-per-second must be in (0, 60], eeg.windows non-empty, and"
          + " eeg.channels, ads.rounds, chat.turns, chat.conversations at least 1");
    }
    return s;
  }

  /** Seconds of signal kept per recording: the longest window. */
  double eegKeepSeconds() {
    return eegWindows.stream().mapToDouble(w -> w.toMillis() / 1000.0).max().orElse(120);
  }
}
