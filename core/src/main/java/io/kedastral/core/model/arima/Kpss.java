package io.kedastral.core.model.arima;

/**
 * The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt and Shin 1992) and the number
 * of differences it asks for, as {@code forecast::ndiffs} does in R: difference while the test
 * rejects at 5 %, at most twice.
 */
final class Kpss {
  /** The 5 % critical value of the level-stationarity statistic. */
  static final double CRITICAL_5_PERCENT = 0.463;

  /** Most differences chosen. */
  static final int MAX_D = 2;

  private Kpss() {}

  /**
   * {@code η = Σ S_t² / (n² σ̂²)}, with {@code S_t} the partial sums of the demeaned series and
   * {@code σ̂²} the Newey–West long-run variance with {@code ⌊4 (n/100)^{1/4}⌋} lags (Bartlett
   * weights). 0 for a constant series.
   */
  static double statistic(double[] y) {
    int n = y.length;
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double partial = 0;
    double sumSquares = 0;
    for (double v : y) {
      partial += v - mean;
      sumSquares += partial * partial;
    }
    int lags = Math.min(n - 1, (int) Math.floor(4 * Math.pow(n / 100.0, 0.25)));
    double longRun = autocovariance(y, mean, 0);
    for (int l = 1; l <= lags; l++) {
      longRun += 2 * (1 - l / (lags + 1.0)) * autocovariance(y, mean, l);
    }
    if (!(longRun > 0)) {
      return 0;
    }
    return sumSquares / ((double) n * n * longRun);
  }

  /** The number of differences, 0 to {@value #MAX_D}, after which the test no longer rejects. */
  static int differences(double[] y) {
    double[] x = y;
    for (int d = 0; d < MAX_D; d++) {
      if (x.length < 8 || statistic(x) <= CRITICAL_5_PERCENT) {
        return d;
      }
      x = new Differencing(1, 0, 1).apply(x);
    }
    return MAX_D;
  }

  private static double autocovariance(double[] y, double mean, int lag) {
    double acc = 0;
    for (int t = lag; t < y.length; t++) {
      acc += (y[t] - mean) * (y[t - lag] - mean);
    }
    return acc / y.length;
  }
}
