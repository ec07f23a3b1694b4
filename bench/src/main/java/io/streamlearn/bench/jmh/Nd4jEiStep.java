package io.streamlearn.bench.jmh;

import io.streamlearn.models.eeg.EiConfig;
import io.streamlearn.models.eeg.EiReservoir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One {@link EiReservoir} step written with ND4J, used only to compare against the models' plain
 * arrays. Same math: x = W_E s_E − g ∘ (W_I s_I) + U u + b (b per neuron), s ← (1 − a) s + a σ(x), and while
 * adapting g ← max(0, g + η (s − r)).
 *
 * <p>The weights are dense: ND4J 1.0.0-M2.1 has no sparse arrays or sparse BLAS (only a
 * sparse-to-dense op), so the fair "ND4J way" is a matrix-vector product over dense W_E (N × N_E)
 * and W_I (N × N_I), N² multiply-adds together against the arrays' N·(k_E + k_I) over CSR rows.
 * Preallocated arrays, in-place ops and {@code Nd4j.gemm} into existing buffers (β = 1 adds U u into
 * the same result). A product for the effective matrix W_E − diag(g) W_I, rebuilt when the gains
 * freeze, would save two small ops per step; it is not done, so the ND4J step keeps the model's
 * structure.
 */
final class Nd4jEiStep {
  private final int n;
  private final double leak;
  private final INDArray bias; // N × 1
  private final double eta;
  private final INDArray wExc; // N × N_E
  private final INDArray wInh; // N × N_I, raw (gain-free, ≥ 0)
  private final INDArray u; // N × inputs
  private final INDArray gain; // N × 1
  private final INDArray target; // N × 1
  private final INDArray s; // N × 1
  private final INDArray sExc; // view: rows [0, N_E) of s
  private final INDArray sInh; // view: rows [N_E, N) of s
  private final INDArray x; // N × 1
  private final INDArray xInh; // N × 1
  private final INDArray in; // inputs × 1
  private final INDArray tmp; // N × 1
  private boolean adapting;

  /** Copies the weights, gains, targets and activity of {@code r}, whose gains must all be positive. */
  Nd4jEiStep(EiReservoir r) {
    EiConfig c = r.config();
    this.n = r.size();
    int ne = r.excitatoryCount();
    this.leak = c.leak();
    this.bias = column(r.biases());
    this.eta = c.learningRate();
    double[][] eff = r.effectiveWeights(); // +W_E in columns < N_E, −g_i W_I in the rest
    double[] g = r.gains();
    double[][] we = new double[n][ne];
    double[][] wi = new double[n][n - ne];
    for (int i = 0; i < n; i++) {
      if (!(g[i] > 0)) {
        throw new IllegalArgumentException("gain of neuron " + i + " is " + g[i] + ": raw W_I not recoverable");
      }
      System.arraycopy(eff[i], 0, we[i], 0, ne);
      for (int j = ne; j < n; j++) {
        wi[i][j - ne] = -eff[i][j] / g[i];
      }
    }
    this.wExc = Nd4j.create(we);
    this.wInh = Nd4j.create(wi);
    this.u = Nd4j.create(r.inputWeights());
    this.gain = column(g);
    this.target = column(r.targets());
    this.s = column(r.state());
    this.sExc = s.get(NDArrayIndex.interval(0, ne), NDArrayIndex.all());
    this.sInh = s.get(NDArrayIndex.interval(ne, n), NDArrayIndex.all());
    this.x = Nd4j.zeros(DataType.DOUBLE, n, 1);
    this.xInh = Nd4j.zeros(DataType.DOUBLE, n, 1);
    this.in = Nd4j.zeros(DataType.DOUBLE, r.inputs(), 1);
    this.tmp = Nd4j.zeros(DataType.DOUBLE, n, 1);
    this.adapting = r.isAdapting();
  }

  private static INDArray column(double[] v) {
    return Nd4j.create(v.clone(), new long[] {v.length, 1}, DataType.DOUBLE);
  }

  void step(double[] input) {
    in.data().setData(input);
    Nd4j.gemm(wExc, sExc, x, false, false, 1.0, 0.0); // W_E s_E
    Nd4j.gemm(wInh, sInh, xInh, false, false, 1.0, 0.0); // W_I s_I
    xInh.muli(gain);
    x.subi(xInh);
    Nd4j.gemm(u, in, x, false, false, 1.0, 1.0); // + U u
    x.addi(bias);
    Transforms.sigmoid(x, false);
    if (leak == 1) {
      s.assign(x);
    } else {
      s.muli(1 - leak).addi(x.muli(leak));
    }
    if (adapting) {
      tmp.assign(s).subi(target).muli(eta);
      gain.addi(tmp);
      Transforms.max(gain, 0.0, false);
    }
  }

  void setAdapting(boolean on) {
    adapting = on;
  }

  double[] state() {
    return s.toDoubleVector();
  }

  double[] gains() {
    return gain.toDoubleVector();
  }
}
