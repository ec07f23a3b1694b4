package io.streamlearn.ops.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinMaxTest {

  @Test
  void aSpikeNarrowerThanAColumnKeepsItsFullHeight() {
    float[] x = new float[1000];
    x[517] = 250f;
    x[518] = -80f;
    float[][] columns = MinMax.columns(x, 0, x.length, 10);
    assertEquals(250f, columns[1][5]);
    assertEquals(-80f, columns[0][5]);
    for (int c = 0; c < 10; c++) {
      if (c != 5) {
        assertEquals(0f, columns[0][c]);
        assertEquals(0f, columns[1][c]);
      }
    }
  }

  @Test
  void moreColumnsThanSamplesRepeatTheNearestSample() {
    float[][] columns = MinMax.columns(new float[] {1, 2, 3}, 0, 3, 6);
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, columns[0]);
    assertArrayEquals(columns[0], columns[1]);
  }

  @Test
  void onlyTheAskedSpanIsCut() {
    float[][] columns = MinMax.columns(new float[] {9, 1, 2, 3, 4, 9}, 1, 5, 2);
    assertArrayEquals(new float[] {1, 3}, columns[0]);
    assertArrayEquals(new float[] {2, 4}, columns[1]);
  }
}
