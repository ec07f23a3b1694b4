package io.streamlearn.bench.jmh;

import io.streamlearn.models.eeg.RlsReadout;
import org.nd4j.linalg.api.blas.Level2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One {@link RlsReadout} update written with ND4J, used only to compare against the models' plain
 * arrays. Same math: π = P x, κ = π / (λ + xᵀπ), e = y − W x, W ← W + e κᵀ, P ← (P − κ πᵀ) / λ.
 *
 * <p>Written to be fast with ND4J: P x is BLAS {@code dsymv} (P is symmetric; ND4J's general
 * matrix-vector products go through its own matmul op, which measured ~5× slower than dsymv at
 * d = 1000 in a probe), xᵀπ is {@code ddot}, W ← W + e κᵀ is {@code dger}, and the P update is one
 * {@code Nd4j.gemm} with K = 1, α = −1/(λ (λ + xᵀπ)) and β = 1/λ (one pass over P instead of a ger
 * plus a scale). The arrays update the upper triangle and mirror it; here all of P is updated (kept
 * symmetric the same way by the rank-1 form). W is column-major: ND4J's {@code ger} on a row-major
 * k × d matrix writes the column-major result into it (wrong whenever k ≠ d; found by the agreement
 * check).
 */
final class Nd4jRlsStep {
  private final int d;
  private final int k;
  private final double lambda;
  private final Level2 blas;
  private final INDArray p; // d × d
  private final INDArray w; // k × d, column-major
  private final INDArray x; // d × 1
  private final INDArray y; // k × 1
  private final INDArray pi; // d × 1
  private final INDArray e; // k × 1

  /** Same parameters as {@link RlsReadout#RlsReadout}. */
  Nd4jRlsStep(int features, int outputs, double forgetting, double delta) {
    this.d = features;
    this.k = outputs;
    this.lambda = forgetting;
    this.blas = Nd4j.getBlasWrapper().level2();
    this.p = Nd4j.eye(d).castTo(DataType.DOUBLE).muli(delta);
    this.w = Nd4j.zeros(DataType.DOUBLE, k, d).dup('f'); // see the class comment: ger needs 'f' order
    this.x = Nd4j.zeros(DataType.DOUBLE, d, 1);
    this.y = Nd4j.zeros(DataType.DOUBLE, k, 1);
    this.pi = Nd4j.zeros(DataType.DOUBLE, d, 1);
    this.e = Nd4j.zeros(DataType.DOUBLE, k, 1);
  }

  void update(double[] xs, double[] ys) {
    x.data().setData(xs);
    y.data().setData(ys);
    blas.symv('c', 'U', 1.0, p, x, 0.0, pi); // π = P x
    double inv = 1.0 / (lambda + Nd4j.getBlasWrapper().dot(x, pi));
    Nd4j.gemm(w, x, e, false, false, 1.0, 0.0); // W x
    e.rsubi(y); // e = y − W x
    blas.ger('f', inv, e, pi, w); // W += e κᵀ
    Nd4j.gemm(pi, pi, p, false, true, -inv / lambda, 1.0 / lambda); // P = (P − κ πᵀ) / λ
  }

  /** out = W x. */
  double[] predict(double[] xs) {
    x.data().setData(xs);
    Nd4j.gemm(w, x, e, false, false, 1.0, 0.0);
    return e.toDoubleVector();
  }

  double weight(int o, int i) {
    return w.getDouble(o, i);
  }

  int features() {
    return d;
  }

  int outputs() {
    return k;
  }
}
