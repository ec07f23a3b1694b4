package io.streamlearn.ops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one percentile definition the reports print: nearest rank, always a measured value. */
class PercentilesTest {

  @Test
  void theMedianIsTheMiddleValueOrTheLowerOfTheTwoMiddleValues() {
    assertEquals(2.0, Percentiles.median(new double[] {3, 1, 2}));
    assertEquals(2.0, Percentiles.median(new double[] {4, 1, 3, 2}));
    assertEquals(7.0, Percentiles.median(List.of(7L)));
    assertEquals(Double.NaN, Percentiles.median(new double[0]));
  }

  @Test
  void nearestRankP99OfFewerThanAHundredValuesIsTheLargest() {
    assertEquals(9.0, Percentiles.nearestRank(new double[] {9, 1, 5}, 0.99));
    assertEquals(1.0, Percentiles.nearestRank(new double[] {9, 1, 5}, 0.2));
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i;
    }
    assertEquals(99.0, Percentiles.nearestRank(hundred, 0.99));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(hundred, 0));
  }

  @Test
  void aPercentileLeavesItsInputAsItWas() {
    double[] values = {3, 1, 2};
    Percentiles.median(values);
    assertEquals(3.0, values[0]);
  }
}
