package io.kedastral.core.model.arima;

import java.util.Arrays;

/**
 * A history made ready for the ARMA search: differenced, {@code w = δ(B) y}, and with the
 * regression terms (mean or drift, Fourier pairs) removed by least squares, {@code x = w - Xβ}.
 *
 * <p>Estimation is robust to spikes: values of {@code x} beyond {@value #CLIP} robust standard
 * deviations ({@code 1.4826·MAD}) from its median are winsorised, {@code β} is re-estimated once on
 * the winsorised series (one step of a Huber-type fit), and the ARMA coefficients are estimated on
 * the winsorised residual {@link #robust()}. Forecasts run from the raw {@link #x()}, so a level
 * reached at the end of the window is kept; only the dynamics are learnt without the spikes.
 *
 * @param differencing the operator applied
 * @param terms the regression columns
 * @param beta their coefficients
 * @param x the zero-mean series the ARMA part forecasts from; {@code x[i]} belongs to observation
 *     {@code i + differencing.lost()}
 * @param robust {@code x} with its outliers winsorised: what the coefficients are estimated on
 */
record DifferencedSeries(
    Differencing differencing, RegressionTerms terms, double[] beta, double[] x, double[] robust) {

  /**
   * Winsorising bound in robust standard deviations; 4 was better than 3 on all five NAB traces.
   */
  static final double CLIP = 4;

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
    int offset = diff.lost();
    if (w.length <= terms.columns() + 2) {
      return null;
    }
    double[] beta = terms.fit(w, offset);
    if (beta == null) {
      return null;
    }
    double[] x = terms.residuals(w, offset, beta);
    double[] pulledIn = winsorised(x);
    if (pulledIn != x) {
      double[] wRobust = w.clone();
      for (int i = 0; i < w.length; i++) {
        wRobust[i] -= x[i] - pulledIn[i];
      }
      double[] refit = terms.fit(wRobust, offset);
      if (refit != null) {
        beta = refit;
        x = terms.residuals(w, offset, beta);
        pulledIn = winsorised(terms.residuals(wRobust, offset, beta));
      }
    }
    return new DifferencedSeries(diff, terms, beta, x, pulledIn);
  }

  /** Number of regression coefficients estimated. */
  int regressionParameters() {
    return beta.length;
  }

  /** {@code x} clipped to {@code median ± CLIP·1.4826·MAD}; {@code x} itself if nothing moves. */
  static double[] winsorised(double[] x) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double median = median(sorted);
    double[] deviations = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      deviations[i] = Math.abs(x[i] - median);
    }
    Arrays.sort(deviations);
    double bound = CLIP * 1.4826 * median(deviations);
    if (!(bound > 0) || (sorted[0] >= median - bound && sorted[x.length - 1] <= median + bound)) {
      return x;
    }
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.max(median - bound, Math.min(median + bound, x[i]));
    }
    return out;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
