package io.streamlearn.ops.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EegQueryTest {

  @Test
  void defaultsShowTheFirstChannelsOverTenSecondsUnfiltered() throws Exception {
    EegQuery q = EegQuery.parse(Map.of("recording", "r1"), 4, 120);
    assertEquals(List.of(0, 1, 2, 3), q.channels());
    assertEquals(10, q.windowSeconds());
    assertEquals(0, q.highPassHz());
    assertTrue(!q.bipolar());
  }

  @Test
  void everyBadValueIsNamedWithWhatWouldDo() {
    assertReason(Map.of("window", "abc"), "window must be a number");
    assertReason(Map.of("window", "600"), "at most 120");
    assertReason(Map.of("channels", "0,x"), "channels must be a whole number");
    assertReason(Map.of("channels", "-1"), "indices from 0");
    assertReason(Map.of("columns", "5"), "columns must be 10 to");
    assertReason(Map.of("hp", "-1"), "hp must be 0 (off)");
    assertReason(Map.of("montage", "laplacian"), "referential or bipolar");
    assertReason(Map.of("colour", "red"), "unknown query parameter 'colour'");
  }

  @Test
  void aFilterAboveNyquistIsRefusedForThatRecording() throws Exception {
    EegQuery q = EegQuery.parse(Map.of("lp", "70"), 4, 120);
    assertEquals(null, q.unrealisable(256));
    assertTrue(q.unrealisable(128).contains("half the sample rate"));
  }

  private static void assertReason(Map<String, String> query, String reason) {
    EegQuery.Invalid e = assertThrows(EegQuery.Invalid.class, () -> EegQuery.parse(query, 4, 120));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
