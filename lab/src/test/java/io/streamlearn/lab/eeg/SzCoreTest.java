package io.streamlearn.lab.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SzCORE event scoring against cases computed by hand (one hour of recording unless stated). */
class SzCoreTest {
  private static final double HOUR = 3600;
  private static final SzCore.Params P = SzCore.Params.DEFAULT;

  private static SzCore.Event e(double start, double end) {
    return new SzCore.Event(start, end);
  }

  private static SzCore.Score score(List<SzCore.Event> ref, List<SzCore.Event> hyp) {
    return SzCore.score(ref, hyp, HOUR, P);
  }

  private static void assertCounts(SzCore.Score s, int ref, int hyp, int tp, int fp) {
    assertEquals(List.of(ref, hyp, tp, fp), List.of(s.referenceEvents(), s.hypothesisEvents(), s.truePositives(),
        s.falsePositives()), s.toString());
  }

  @Test
  void anAlertInsideTheSeizureIsOneTruePositiveAndNoFalseAlarm() {
    SzCore.Score s = score(List.of(e(100, 160)), List.of(e(110, 130)));
    assertCounts(s, 1, 1, 1, 0);
    assertEquals(1.0, s.sensitivity());
    assertEquals(1.0, s.precision());
    assertEquals(1.0, s.f1());
    assertEquals(0.0, s.falsePositivesPer24h());
    assertEquals(List.of(10.0), s.delays());
  }

  @Test
  void anAlertStartingBeforeThePreOnsetToleranceDetectsTheSeizureAndIsAlsoAFalseAlarm() {
    // The window is [70, 220]: [50, 80] overlaps it (detection) and sticks out of it (false positive).
    SzCore.Score s = score(List.of(e(100, 160)), List.of(e(50, 80)));
    assertCounts(s, 1, 1, 1, 1);
    assertEquals(0.5, s.precision());
    assertEquals(2 * 1 * 0.5 / 1.5, s.f1(), 1e-12);
    assertEquals(24.0, s.falsePositivesPer24h(), 1e-12, "1 false positive in 1 h");
    assertEquals(List.of(-50.0), s.delays(), "raised 50 s before the annotated onset");
  }

  @Test
  void anAlertAfterThePostOffsetToleranceMissesTheSeizure() {
    SzCore.Score s = score(List.of(e(100, 160)), List.of(e(230, 240)));
    assertCounts(s, 1, 1, 0, 1);
    assertEquals(0.0, s.sensitivity());
    assertEquals(0.0, s.precision());
    assertEquals(0.0, s.f1(), "both zero: F1 is 0, not NaN");
    // Just inside: [219, 225] overlaps [70, 220] by 1 s, and sticks out.
    assertCounts(score(List.of(e(100, 160)), List.of(e(219, 225))), 1, 1, 1, 1);
  }

  @Test
  void alertsCloserThan90SecondsAreMergedIntoOne() {
    assertCounts(score(List.of(e(100, 160)), List.of(e(110, 120), e(150, 170))), 1, 1, 1, 0);
    // 100 s apart: two alerts, the second outside [70, 220].
    assertCounts(score(List.of(e(100, 160)), List.of(e(110, 120), e(220, 230))), 1, 2, 1, 1);
    // Reference events merge the same way.
    assertCounts(score(List.of(e(100, 110), e(150, 160)), List.of(e(120, 125))), 1, 1, 1, 0);
  }

  @Test
  void eventsLongerThanFiveMinutesAreSplit() {
    // [0, 700] becomes [0, 300], [300, 600], [600, 700], windows [0, 360], [270, 660], [570, 760].
    SzCore.Score s = score(List.of(e(0, 700)), List.of(e(310, 320)));
    assertCounts(s, 3, 1, 2, 0);
    assertEquals(2.0 / 3, s.sensitivity(), 1e-12);
    assertEquals(1.0, s.precision());
    assertEquals(0.8, s.f1(), 1e-12);
  }

  @Test
  void withoutSeizuresSensitivityAndF1AreUndefinedAndEveryAlertIsAFalseAlarm() {
    SzCore.Score s = score(List.of(), List.of(e(1000, 1010), e(2000, 2010)));
    assertCounts(s, 0, 2, 0, 2);
    assertEquals(Double.NaN, s.sensitivity());
    assertEquals(0.0, s.precision());
    assertEquals(Double.NaN, s.f1());
    assertEquals(48.0, s.falsePositivesPer24h(), 1e-12);
    SzCore.Score none = score(List.of(), List.of());
    assertEquals(Double.NaN, none.precision(), "no alert: precision undefined");
  }

  @Test
  void theWindowIsClippedAtTheRecordingsEnds() {
    assertCounts(score(List.of(e(3590, 3600)), List.of(e(3595, 3600))), 1, 1, 1, 0);
    assertCounts(score(List.of(e(10, 20)), List.of(e(0, 5))), 1, 1, 1, 0); // window [0, 80]
    assertCounts(score(List.of(e(10, 20)), List.of(e(0, 100))), 1, 1, 1, 1); // sticks out past 80
  }
}
