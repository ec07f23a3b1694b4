package io.streamlearn.models.eeg;

import io.streamlearn.models.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * A sparse matrix in compressed-row form (CSR), used for the recurrent weights: with a fixed in-degree
 * k ≪ N a row product costs O(k) instead of O(N), which is what makes per-sample stepping of a
 * 500-neuron reservoir fast in plain Java.
 */
final class SparseRows {
  final int rows;
  final int cols;
  final int[] rowStart;
  final int[] col;
  final double[] val;

  SparseRows(int rows, int cols, int[] rowStart, int[] col, double[] val) {
    this.rows = rows;
    this.cols = cols;
    this.rowStart = rowStart;
    this.col = col;
    this.val = val;
  }

  /** Σ_j A[row][j]·x[j]. */
  double dotRow(int row, double[] x) {
    double s = 0;
    for (int p = rowStart[row], e = rowStart[row + 1]; p < e; p++) {
      s += val[p] * x[col[p]];
    }
    return s;
  }

  /** out = A·x (out must not alias x). */
  void multiply(double[] x, double[] out) {
    for (int r = 0; r < rows; r++) {
      out[r] = dotRow(r, x);
    }
  }

  int nonZeros() {
    return val.length;
  }

  /**
   * A random matrix with exactly {@code k} distinct entries per row whose column indices lie in
   * [colFrom, colTo), never on the diagonal; values from {@code weight}.
   */
  static SparseRows fixedInDegree(int rows, int cols, int colFrom, int colTo, int k, Rng rng,
      DoubleSupplier weight) {
    int span = colTo - colFrom;
    int[] rowStart = new int[rows + 1];
    int[] col = new int[rows * k];
    double[] val = new double[rows * k];
    int[] pool = new int[span];
    int p = 0;
    for (int r = 0; r < rows; r++) {
      rowStart[r] = p;
      int m = 0;
      for (int c = colFrom; c < colTo; c++) {
        if (c != r) {
          pool[m++] = c;
        }
      }
      int kk = Math.min(k, m);
      // Partial Fisher-Yates: the first kk entries of pool become a uniform sample without replacement.
      for (int t = 0; t < kk; t++) {
        int j = t + rng.nextInt(m - t);
        int tmp = pool[t];
        pool[t] = pool[j];
        pool[j] = tmp;
      }
      Arrays.sort(pool, 0, kk);
      for (int t = 0; t < kk; t++) {
        col[p] = pool[t];
        val[p] = weight.getAsDouble();
        p++;
      }
    }
    rowStart[rows] = p;
    return new SparseRows(rows, cols, rowStart, Arrays.copyOf(col, p), Arrays.copyOf(val, p));
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(rows);
    out.writeInt(cols);
    out.writeInt(val.length);
    for (int v : rowStart) {
      out.writeInt(v);
    }
    for (int v : col) {
      out.writeInt(v);
    }
    for (double v : val) {
      out.writeDouble(v);
    }
  }

  static SparseRows read(DataInput in) throws IOException {
    int rows = in.readInt();
    int cols = in.readInt();
    int nnz = in.readInt();
    int[] rowStart = new int[rows + 1];
    int[] col = new int[nnz];
    double[] val = new double[nnz];
    for (int i = 0; i <= rows; i++) {
      rowStart[i] = in.readInt();
    }
    for (int i = 0; i < nnz; i++) {
      col[i] = in.readInt();
    }
    for (int i = 0; i < nnz; i++) {
      val[i] = in.readDouble();
    }
    return new SparseRows(rows, cols, rowStart, col, val);
  }
}
