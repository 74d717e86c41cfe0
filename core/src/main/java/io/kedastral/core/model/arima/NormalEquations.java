package io.kedastral.core.model.arima;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * Ordinary least squares by accumulating {@code XᵀX} and {@code Xᵀy} one row at a time, so the
 * design matrix of a long series is never stored. Solved by a QR decomposition of the small normal
 * matrix (a handful of unknowns).
 */
final class NormalEquations {
  private static final double SINGULARITY_THRESHOLD = 1e-10;

  private final double[][] xtx;
  private final double[] xty;

  NormalEquations(int unknowns) {
    xtx = new double[unknowns][unknowns];
    xty = new double[unknowns];
  }

  void add(double[] row, double y) {
    for (int i = 0; i < row.length; i++) {
      xty[i] += row[i] * y;
      for (int j = 0; j <= i; j++) {
        xtx[i][j] += row[i] * row[j];
      }
    }
  }

  /** The least-squares coefficients, or null when the columns are collinear. */
  double[] solve() {
    int m = xty.length;
    if (m == 0) {
      return new double[0];
    }
    double[][] a = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = xtx[i][j];
        a[j][i] = xtx[i][j];
      }
    }
    DecompositionSolver solver =
        new QRDecomposition(new Array2DRowRealMatrix(a, false), SINGULARITY_THRESHOLD).getSolver();
    if (!solver.isNonSingular()) {
      return null;
    }
    double[] beta = solver.solve(new ArrayRealVector(xty, false)).toArray();
    for (double b : beta) {
      if (!Double.isFinite(b)) {
        return null;
      }
    }
    return beta;
  }
}
