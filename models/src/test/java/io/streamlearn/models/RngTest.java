package io.streamlearn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void drawsWhatSplittableRandomDrawsFromTheSameSeed() {
    for (long seed : new long[] {0, 1, 7, -3, 0x5EEDL, Long.MAX_VALUE}) {
      Rng ours = new Rng(seed);
      SplittableRandom jdk = new SplittableRandom(seed);
      for (int i = 0; i < 20_000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(jdk.nextLong(), ours.nextLong(), "nextLong, seed " + seed);
          case 1 -> assertEquals(jdk.nextDouble(), ours.nextDouble(), "nextDouble, seed " + seed);
          case 2 -> {
            int bound = 1 + (i / 4) % 1_000;
            assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "nextInt(" + bound + "), seed " + seed);
          }
          default -> {
            int bound = 1 << ((i / 4) % 31);
            assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "nextInt(" + bound + "), seed " + seed);
          }
        }
      }
    }
  }

  @Test
  void aWrittenStateContinuesTheSameSequence() throws IOException {
    Rng a = new Rng(42);
    for (int i = 0; i < 1_000; i++) {
      a.nextGaussian();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(bytes));
    Rng b = new Rng(0);
    b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    for (int i = 0; i < 1_000; i++) {
      assertEquals(a.nextGaussian(), b.nextGaussian());
      assertEquals(a.nextInt(13), b.nextInt(13));
    }
  }

  @Test
  void gaussianDrawsHaveUnitVariance() {
    Rng r = new Rng(3);
    double sum = 0;
    double sumSq = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double x = r.nextGaussian();
      sum += x;
      sumSq += x * x;
    }
    assertEquals(0, sum / n, 0.01);
    assertEquals(1, sumSq / n - (sum / n) * (sum / n), 0.01);
  }
}
