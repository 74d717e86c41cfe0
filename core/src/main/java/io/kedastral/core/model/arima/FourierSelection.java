package io.kedastral.core.model.arima;

/**
 * Chooses the number of Fourier pairs {@code K} of the seasonal regression by AICc. Each candidate
 * is judged with short-memory errors: the regression residuals are fitted by an AR ({@value
 * #ERROR_AR_ORDER}) by least squares, so that autocorrelated noise does not pass for extra
 * harmonics (white-noise AICc would pick too many). Linear fits only, so the whole choice costs a
 * few regressions.
 */
final class FourierSelection {
  /** Most Fourier pairs considered. */
  static final int MAX_K = 8;

  /** Order of the autoregression that stands in for the ARMA errors while choosing K. */
  static final int ERROR_AR_ORDER = 3;

  private FourierSelection() {}

  /** The K in {@code 0..min(MAX_K, (s-1)/2)} with the smallest AICc on {@code y}, differenced. */
  static int choose(double[] y, int d, int s) {
    int best = 0;
    double bestAicc = Double.POSITIVE_INFINITY;
    for (int k = 0; k <= Math.min(MAX_K, (s - 1) / 2); k++) {
      DifferencedSeries prepared = DifferencedSeries.of(y, d, 0, s, k);
      if (prepared == null) {
        break;
      }
      double aicc = aicc(prepared.robust(), prepared.regressionParameters() + ERROR_AR_ORDER);
      if (aicc < bestAicc) {
        bestAicc = aicc;
        best = k;
      }
    }
    return best;
  }

  private static double aicc(double[] x, int parameters) {
    double[] z = HannanRissanen.standardised(x);
    // AR coefficients do not depend on the scale; the sum of squares below is on x itself.
    double[] phi = z == null ? null : HannanRissanen.autoregression(z, ERROR_AR_ORDER);
    if (phi == null) {
      return Double.POSITIVE_INFINITY;
    }
    double ss = 0;
    int used = 0;
    for (int t = ERROR_AR_ORDER; t < x.length; t++) {
      double e = x[t];
      for (int j = 1; j <= ERROR_AR_ORDER; j++) {
        e -= phi[j - 1] * x[t - j];
      }
      ss += e * e;
      used++;
    }
    int k = parameters + 1;
    if (used - k - 1 <= 0 || !(ss > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return used * Math.log(ss / used) + 2.0 * k + 2.0 * k * (k + 1) / (used - k - 1);
  }
}
