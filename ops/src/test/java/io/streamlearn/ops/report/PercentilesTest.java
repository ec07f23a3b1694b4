package io.streamlearn.ops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one median and the one percentile the reports print. */
class PercentilesTest {

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
    assertEquals(2.0, Percentiles.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Percentiles.median(new double[] {4, 1, 3, 2}));
    assertEquals(Double.NaN, Percentiles.median(new double[0]));
  }

  @Test
  void nearestRankP99OfFewerThanAHundredValuesIsTheLargest() {
    assertEquals(9.0, Percentiles.nearestRank(new double[] {9, 1, 5}, 0.99));
    assertEquals(1.0, Percentiles.nearestRank(new double[] {9, 1, 5}, 0.2));
  }

  @Test
  void theMedianLeavesItsInputAsItWas() {
    double[] values = {3, 1, 2};
    Percentiles.median(values);
    assertEquals(3.0, values[0]);
  }
}
