package io.kedastral.core.model.arima;

/**
 * Starting values for the ARMA coefficients by the Hannan–Rissanen method: a long autoregression by
 * least squares estimates the innovations, then {@code x_t} is regressed on {@code p} of its lags
 * and {@code q} lagged innovations. Linear, so cheap; the conditional-sum-of-squares search then
 * starts close to the optimum. The series is standardised first, so the threshold of the solver
 * means the same for any units.
 */
final class HannanRissanen {
  /** Order of the long autoregression, capped by a tenth of the series. */
  static final int LONG_AR_ORDER = 10;

  private HannanRissanen() {}

  /** {@code {φ_1..φ_p, θ_1..θ_q}} for a zero-mean {@code x}; zeros when a regression fails. */
  static double[] estimate(double[] x, int p, int q) {
    double[] out = new double[p + q];
    if (p + q == 0) {
      return out;
    }
    double[] z = standardised(x);
    if (z == null) {
      return out;
    }
    int m = Math.min(Math.max(LONG_AR_ORDER, p + q), z.length / 10);
    if (q == 0 || m < 1) {
      double[] phi = autoregression(z, p);
      return phi == null ? out : phi;
    }
    double[] longAr = autoregression(z, m);
    if (longAr == null) {
      return out;
    }
    double[] e = new double[z.length];
    for (int t = m; t < z.length; t++) {
      e[t] = z[t];
      for (int j = 1; j <= m; j++) {
        e[t] -= longAr[j - 1] * z[t - j];
      }
    }
    NormalEquations ne = new NormalEquations(p + q);
    double[] row = new double[p + q];
    for (int t = m + Math.max(p, q); t < z.length; t++) {
      for (int j = 1; j <= p; j++) {
        row[j - 1] = z[t - j];
      }
      for (int j = 1; j <= q; j++) {
        row[p + j - 1] = e[t - j];
      }
      ne.add(row, z[t]);
    }
    double[] beta = ne.solve();
    return beta == null ? out : beta;
  }

  /** Least-squares AR({@code p}) coefficients of a zero-mean series, or null. */
  static double[] autoregression(double[] z, int p) {
    if (z.length <= 2 * p + 1) {
      return null;
    }
    NormalEquations ne = new NormalEquations(p);
    double[] row = new double[p];
    for (int t = p; t < z.length; t++) {
      for (int j = 1; j <= p; j++) {
        row[j - 1] = z[t - j];
      }
      ne.add(row, z[t]);
    }
    return ne.solve();
  }

  /** {@code (x - mean) / sd}, or null for a constant series. */
  static double[] standardised(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / x.length);
    if (!(sd > 0) || !Double.isFinite(sd)) {
      return null;
    }
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = (x[i] - mean) / sd;
    }
    return z;
  }
}
