package io.streamlearn.traffic.eeg;

import java.util.ArrayList;
import java.util.List;

/**
 * Alert quality of one or more recordings against their known episodes, with any-overlap scoring
 * (as in seizure-detection evaluations): an episode is detected when an alert overlaps it; an alert
 * that overlaps no episode is a false alarm; the detection delay of an episode is the time from its
 * start to the moment its first overlapping alert was raised (zero if one was already open).
 */
public final class AlertQuality {

  /**
   * An alert episode of the monitor.
   *
   * @param endMillis {@link Long#MAX_VALUE} while it is still open
   * @param raisedAtMillis event time at which the alert was raised (published)
   */
  public record Alert(long startMillis, long endMillis, long raisedAtMillis) {}

  /** Counts over the scored recordings; {@code hours} is the length of signal they cover. */
  public record Result(int episodes, int detected, int falseAlarms, double hours, List<Long> delaysMillis) {

    public Result {
      delaysMillis = List.copyOf(delaysMillis);
    }

    public static final Result EMPTY = new Result(0, 0, 0, 0, List.of());

    /** Share of episodes detected; NaN without episodes. */
    public double recall() {
      return episodes == 0 ? Double.NaN : (double) detected / episodes;
    }

    public double falseAlarmsPerHour() {
      return hours == 0 ? Double.NaN : falseAlarms / hours;
    }

    public Result plus(Result other) {
      List<Long> delays = new ArrayList<>(delaysMillis);
      delays.addAll(other.delaysMillis);
      return new Result(episodes + other.episodes, detected + other.detected, falseAlarms + other.falseAlarms,
          hours + other.hours, delays);
    }
  }

  private AlertQuality() {}

  /** Scores one recording of {@code hours} of signal. */
  public static Result score(List<SyntheticEeg.Episode> episodes, List<Alert> alerts, double hours) {
    int detected = 0;
    List<Long> delays = new ArrayList<>();
    for (SyntheticEeg.Episode episode : episodes) {
      Alert first = null;
      for (Alert alert : alerts) {
        if (overlaps(alert, episode) && (first == null || alert.raisedAtMillis() < first.raisedAtMillis())) {
          first = alert;
        }
      }
      if (first != null) {
        detected++;
        delays.add(Math.max(0, first.raisedAtMillis() - episode.startMillis()));
      }
    }
    int falseAlarms = 0;
    for (Alert alert : alerts) {
      if (episodes.stream().noneMatch(e -> overlaps(alert, e))) {
        falseAlarms++;
      }
    }
    return new Result(episodes.size(), detected, falseAlarms, hours, delays);
  }

  private static boolean overlaps(Alert alert, SyntheticEeg.Episode episode) {
    return alert.startMillis() < episode.endMillis() && alert.endMillis() > episode.startMillis();
  }
}
