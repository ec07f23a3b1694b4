package io.streamlearn.traffic.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertQualityTest {

  private static SyntheticEeg.Episode episode(long start, long end) {
    return new SyntheticEeg.Episode(start, end, new int[] {0});
  }

  @Test
  void anyOverlapDetectsFalseAlarmsOverlapNothingAndDelaysRunFromTheEpisodeStartToTheRaise() {
    List<SyntheticEeg.Episode> episodes = List.of(episode(100_000, 130_000), episode(400_000, 420_000), episode(900_000, 950_000));
    List<AlertQuality.Alert> alerts = List.of(
        new AlertQuality.Alert(105_000, 140_000, 110_000), // detects the first, 10 s after its start
        new AlertQuality.Alert(125_000, 126_000, 130_000), // overlaps the first too: not a false alarm
        new AlertQuality.Alert(395_000, 450_000, 399_000), // open before the second: delay 0
        new AlertQuality.Alert(600_000, 610_000, 605_000), // overlaps nothing
        new AlertQuality.Alert(980_000, Long.MAX_VALUE, 985_000)); // still open, after the third
    AlertQuality.Result r = AlertQuality.score(episodes, alerts, 0.5);
    assertEquals(3, r.episodes());
    assertEquals(2, r.detected());
    assertEquals(List.of(10_000L, 0L), r.delaysMillis());
    assertEquals(2, r.falseAlarms());
    assertEquals(4.0, r.falseAlarmsPerHour());
    AlertQuality.Result both = r.plus(AlertQuality.score(List.of(episode(0, 10)), List.of(), 0.5));
    assertEquals(4, both.episodes());
    assertEquals(0.5, both.recall());
    assertEquals(2.0, both.falseAlarmsPerHour());
  }
}
