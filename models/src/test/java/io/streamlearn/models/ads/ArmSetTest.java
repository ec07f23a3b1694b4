package io.streamlearn.models.ads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ArmSetTest {
  @Test
  void threePlatformsAreThePermutationsOfOneHalfZero() {
    ArmSet s = ArmSet.vertices(3, 1.5, 1, 0);
    assertEquals(6, s.size());
    assertEquals(3, s.dimension());
    double[][] expected = {
      {0, 0.5, 1}, {0, 1, 0.5}, {0.5, 0, 1}, {0.5, 1, 0}, {1, 0, 0.5}, {1, 0.5, 0}
    };
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(expected[i], s.arm(i), 0);
      assertEquals(Math.sqrt(1.25), s.norm(i), 1e-15);
    }
    assertEquals(1.5, s.maxTotal(), 0);
  }

  @Test
  void largerPlatformCountsWithoutEnumeratingPermutations() {
    assertEquals(8 * 7, ArmSet.vertices(8, 1.5, 1, 0).size());
    assertEquals(16 * 15, ArmSet.vertices(16, 1.5, 1, 0).size());
    // 2 platforms full, one partial: C(8,2) * 6 = 168; C(16,3) * 13 = 7280
    assertEquals(168, ArmSet.vertices(8, 2.5, 1, 0).size());
    assertEquals(7280, ArmSet.vertices(16, 3.5, 1, 0).size());
    // with a minimum per platform: p = 16, min 0.05, max 0.5, total 2: 1.2 to spread -> 2 full (0.45 each) + 0.3
    ArmSet s = ArmSet.vertices(16, 2.0, 0.5, 0.05);
    assertEquals(16L * 15 / 2 * 14, s.size());
    assertEquals(s.size(), ArmSet.vertexCount(16, 2.0, 0.5, 0.05));
    for (int i = 0; i < s.size(); i++) {
      double sum = 0;
      for (int j = 0; j < 16; j++) {
        double v = s.get(i, j);
        assertTrue(v >= 0.05 - 1e-12 && v <= 0.5 + 1e-12);
        sum += v;
      }
      assertEquals(2.0, sum, 1e-12);
    }
    // exact fill (no partial platform): C(8,3)
    assertEquals(56, ArmSet.vertices(8, 3, 1, 0).size());
    // budget above p * max: everything at max
    assertEquals(1, ArmSet.vertices(4, 10, 1, 0).size());
  }

  @Test
  void matchesBruteForceGreedyFillForSmallP() {
    for (int p = 1; p <= 6; p++) {
      for (double total : new double[] {0.7, 1.5, 2.25, 3}) {
        ArmSet fast = ArmSet.vertices(p, total, 1, 0.1 * (total > 0.7 * p ? 0 : 1));
        List<double[]> brute = bruteForce(p, total, 1, 0.1 * (total > 0.7 * p ? 0 : 1));
        assertEquals(brute.size(), fast.size(), "p=" + p + " total=" + total);
        for (int i = 0; i < brute.size(); i++) {
          assertArrayEquals(brute.get(i), fast.arm(i), 0);
        }
      }
    }
  }

  /** The authors' construction: greedy fill for every permutation, np.unique (sorted rows). */
  private static List<double[]> bruteForce(int p, double total, double max, double min) {
    TreeSet<double[]> set = new TreeSet<>(Arrays::compare);
    permute(new int[p], new boolean[p], 0, p, total, max, min, set);
    return new ArrayList<>(set);
  }

  private static void permute(
      int[] pi, boolean[] used, int k, int p, double total, double max, double min, TreeSet<double[]> out) {
    if (k == p) {
      double budget = total - p * min;
      double[] u = new double[p];
      Arrays.fill(u, min);
      for (int i = 0; i < p; i++) {
        double delta = Math.min(budget, max - u[pi[i]]);
        u[pi[i]] += delta;
        budget -= delta;
      }
      out.add(u);
      return;
    }
    for (int i = 0; i < p; i++) {
      if (!used[i]) {
        used[i] = true;
        pi[k] = i;
        permute(pi, used, k + 1, p, total, max, min, out);
        used[i] = false;
      }
    }
  }

  @Test
  void capAndValidation() {
    // C(16,8) * 8 = 102,960 arms
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ArmSet.vertices(16, 8.5, 1, 0));
    assertTrue(e.getMessage().contains("102960"), e.getMessage());
    assertEquals(102_960, ArmSet.vertexCount(16, 8.5, 1, 0));
    assertEquals(102_960, ArmSet.vertices(16, 8.5, 1, 0, 200_000).size());
    assertThrows(IllegalArgumentException.class, () -> ArmSet.vertices(3, 0.1, 1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> ArmSet.vertices(3, 1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> ArmSet.of(new double[][] {{1, 2}, {1}}));
    assertThrows(IllegalArgumentException.class, () -> ArmSet.of(new double[0][]));
  }

  @Test
  void explicitArmsAreCopied() {
    double[][] raw = {{1, 2}, {3, 4}};
    ArmSet s = ArmSet.of(raw);
    raw[0][0] = 99;
    assertEquals(1, s.get(0, 0), 0);
    s.arm(1)[0] = 99;
    assertEquals(3, s.get(1, 0), 0);
    assertEquals(1, s.indexOf(new double[] {3, 4}));
    assertEquals(-1, s.indexOf(new double[] {3, 5}));
    assertEquals(5, s.maxNorm(), 0);
  }
}
