package io.kedastral.core.model.arima;

/**
 * The deterministic part of the differenced series {@code w}: an optional constant (the mean when
 * nothing is differenced, the drift when differenced once) and {@code k} pairs of Fourier terms
 * {@code cos(2πjt/s), sin(2πjt/s)}, {@code j = 1..k}, of the observation index {@code t} (dynamic
 * harmonic regression). Differencing a Fourier pair gives a Fourier pair of the same frequency, so
 * regressing {@code w} on these columns is regression with ARIMA errors on the levels. Fitted by
 * ordinary least squares; their estimation error is not in the intervals.
 */
final class RegressionTerms {
  private final boolean constant;
  private final int k;
  private final double[] cos;
  private final double[] sin;

  /**
   * @param constant whether a mean or drift term is estimated
   * @param k Fourier pairs, at most {@code (s - 1) / 2}
   * @param s their period in steps (ignored when {@code k = 0})
   */
  RegressionTerms(boolean constant, int k, int s) {
    if (k > 0 && 2 * k >= s) {
      throw new IllegalArgumentException(k + " Fourier pairs need a period above " + 2 * k);
    }
    this.constant = constant;
    this.k = k;
    int period = k > 0 ? s : 1;
    cos = new double[k > 0 ? period : 0];
    sin = new double[cos.length];
    for (int t = 0; t < cos.length; t++) {
      cos[t] = Math.cos(2 * Math.PI * t / period);
      sin[t] = Math.sin(2 * Math.PI * t / period);
    }
  }

  int columns() {
    return (constant ? 1 : 0) + 2 * k;
  }

  /** The regressors at observation index {@code t} into {@code row}. */
  void row(long t, double[] row) {
    int c = 0;
    if (constant) {
      row[c++] = 1;
    }
    if (k > 0) {
      int s = cos.length;
      for (int j = 1; j <= k; j++) {
        int phase = (int) ((j * (t % s)) % s);
        row[c++] = cos[phase];
        row[c++] = sin[phase];
      }
    }
  }

  /**
   * Least-squares coefficients of {@code w} (whose first value is observation {@code offset});
   * zeros when there are no columns, null when they are collinear on this stretch.
   */
  double[] fit(double[] w, int offset) {
    int m = columns();
    if (m == 0) {
      return new double[0];
    }
    NormalEquations ne = new NormalEquations(m);
    double[] row = new double[m];
    for (int i = 0; i < w.length; i++) {
      row(offset + (long) i, row);
      ne.add(row, w[i]);
    }
    return ne.solve();
  }

  /** {@code w} minus the fitted terms. */
  double[] residuals(double[] w, int offset, double[] beta) {
    double[] x = new double[w.length];
    double[] row = new double[columns()];
    for (int i = 0; i < w.length; i++) {
      x[i] = w[i] - value(beta, offset + (long) i, row);
    }
    return x;
  }

  /** The fitted terms at observation index {@code t}. */
  double value(double[] beta, long t, double[] scratch) {
    if (beta.length == 0) {
      return 0;
    }
    row(t, scratch);
    double v = 0;
    for (int c = 0; c < beta.length; c++) {
      v += beta[c] * scratch[c];
    }
    return v;
  }
}
