package io.streamlearn.ops.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MontageTest {

  @Test
  void bipolarPairsAreDifferencesByLabelAndOldNamesMatchNewOnes() {
    // An old-style recording: T3 is what the pairs call T7.
    List<String> labels = List.of("EEG Fp1", "F7", "T3", "O1");
    Montage m = Montage.bipolar(labels, List.of("Fp1-F7", "F7-T7", "T7-P7", "Cz-Pz"));
    assertEquals(List.of("EEG Fp1-F7", "F7-T3"), m.names(), "pairs the recording lacks are left out");
    float[][] samples = {{10, 20}, {1, 2}, {5, 5}, {0, 0}};
    assertArrayEquals(new float[] {9, 18}, m.signal(0, samples));
    assertArrayEquals(new float[] {-4, -3}, m.signal(1, samples));
    assertEquals(5.0, m.error(0, new float[] {3, 4, 0, 0}), 1e-9);
  }
}
