package io.kedastral.core.model.arima;

/**
 * A history made ready for the ARMA search: differenced, {@code w = δ(B) y}, and with the
 * regression terms (mean or drift, Fourier pairs) removed by least squares, {@code x = w - Xβ}.
 *
 * @param differencing the operator applied
 * @param terms the regression columns
 * @param beta their least-squares coefficients
 * @param x the zero-mean series the ARMA part is fitted to; {@code x[i]} belongs to observation
 *     {@code i + differencing.lost()}
 */
record DifferencedSeries(
    Differencing differencing, RegressionTerms terms, double[] beta, double[] x) {

  /**
   * Differences {@code y} by {@code (1-B)^d (1-B^s)^D} and removes a constant (when {@code d + D <=
   * 1}) and {@code k} Fourier pairs of period {@code s}.
   *
   * @return the prepared series, or null when too little is left or the regression is singular
   */
  static DifferencedSeries of(double[] y, int d, int sd, int s, int k) {
    Differencing diff = new Differencing(d, sd, s);
    double[] w = diff.apply(y);
    RegressionTerms terms = new RegressionTerms(d + sd <= 1, k, s);
    if (w.length <= terms.columns() + 2) {
      return null;
    }
    double[] beta = terms.fit(w, diff.lost());
    if (beta == null) {
      return null;
    }
    return new DifferencedSeries(diff, terms, beta, terms.residuals(w, diff.lost(), beta));
  }

  /** Number of regression coefficients estimated. */
  int regressionParameters() {
    return beta.length;
  }
}
