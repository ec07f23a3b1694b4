package io.streamlearn.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ND4J variants of {@code bench reservoir} compute what the models compute: {@link Nd4jEiStep}
 * against {@code EiReservoir} (adapting, then frozen) and {@link Nd4jRlsStep} against
 * {@code RlsReadout}, on the benchmark's own inputs. Correctness only, no timing.
 */
class Nd4jReservoirAgreementTest {

  @BeforeAll
  static void javaCpp() {
    JmhRun.useJavaCppFlags();
  }

  @Test
  void reservoirStepMatchesEiReservoir() {
    for (int n : new int[] {100, 250}) {
      double d = ReservoirBenchCommand.reservoirDiff(n, 100);
      assertTrue(d < 1e-12, "N=" + n + ": max |state and gain difference| " + d);
    }
  }

  @Test
  void rlsUpdateMatchesRlsReadout() {
    // 23 outputs against 100 / 250 features: W is not square, so a transposed update would show.
    for (int n : new int[] {100, 250}) {
      double d = ReservoirBenchCommand.rlsDiff(n, 100);
      assertTrue(d < 1e-9, "N=" + n + ": max |prediction and weight difference| " + d);
    }
  }
}
