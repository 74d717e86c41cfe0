package io.kedastral.core.model;

/** Solves small dense linear systems (normal equations of a few unknowns). */
final class LinearSolver {
  private static final double RELATIVE_PIVOT_TOLERANCE = 1e-12;

  private LinearSolver() {}

  /**
   * Solves {@code a·x = b} by Gaussian elimination with partial pivoting; returns null when the
   * matrix is singular to working precision. The arguments are overwritten.
   */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double scale = 0;
    for (double[] row : a) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      return null;
    }
    for (int col = 0; col < n; col++) {
      if (!eliminate(a, b, col, RELATIVE_PIVOT_TOLERANCE * scale)) {
        return null;
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double acc = b[r];
      for (int c = r + 1; c < n; c++) {
        acc -= a[r][c] * x[c];
      }
      x[r] = acc / a[r][r];
    }
    return x;
  }

  /** Pivots on column {@code col} and clears it below the diagonal; false if the pivot is ~0. */
  private static boolean eliminate(double[][] a, double[] b, int col, double tolerance) {
    int n = b.length;
    int pivot = col;
    for (int r = col + 1; r < n; r++) {
      if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
        pivot = r;
      }
    }
    if (Math.abs(a[pivot][col]) <= tolerance) {
      return false;
    }
    swap(a, b, col, pivot);
    for (int r = col + 1; r < n; r++) {
      double f = a[r][col] / a[col][col];
      for (int c = col; c < n; c++) {
        a[r][c] -= f * a[col][c];
      }
      b[r] -= f * b[col];
    }
    return true;
  }

  private static void swap(double[][] a, double[] b, int i, int j) {
    if (i != j) {
      double[] row = a[i];
      a[i] = a[j];
      a[j] = row;
      double t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }
}
