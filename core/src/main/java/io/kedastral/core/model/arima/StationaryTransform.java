package io.kedastral.core.model.arima;

/**
 * Maps unconstrained reals to the coefficients of a stationary autoregression and back (Jones 1980,
 * Monahan 1984): {@code u_i ↦ r_i = tanh(u_i)}, partial autocorrelations in (-1, 1), then the
 * Durbin–Levinson recursion. Every {@code u} gives {@code 1 - φ_1 z - … - φ_p z^p} with all roots
 * outside the unit circle, so the optimiser can roam freely and stationarity (for a moving average,
 * with {@code θ = -φ}, invertibility) is kept by construction.
 */
final class StationaryTransform {
  /** Largest partial autocorrelation a start value is mapped to, to stay off the boundary. */
  private static final double MAX_START_PACF = 0.98;

  private StationaryTransform() {}

  /** The stationary AR coefficients {@code φ} of the unconstrained {@code u}. */
  static double[] toCoefficients(double[] u, int from, int p) {
    double[] phi = new double[p];
    double[] prev = new double[p];
    for (int k = 0; k < p; k++) {
      double r = Math.tanh(u[from + k]);
      System.arraycopy(phi, 0, prev, 0, k);
      phi[k] = r;
      for (int j = 0; j < k; j++) {
        phi[j] = prev[j] - r * prev[k - 1 - j];
      }
    }
    return phi;
  }

  /**
   * The unconstrained values of {@code phi} (inverse of {@link #toCoefficients}). A non-stationary
   * {@code phi} has a partial autocorrelation outside (-1, 1); those are pulled to ±0.98, which
   * gives a nearby stationary start.
   */
  static double[] fromCoefficients(double[] phi) {
    int p = phi.length;
    double[] a = phi.clone();
    double[] u = new double[p];
    for (int k = p - 1; k >= 0; k--) {
      double r = a[k];
      if (!Double.isFinite(r)) {
        return new double[p];
      }
      double clipped = Math.max(-MAX_START_PACF, Math.min(MAX_START_PACF, r));
      u[k] = atanh(clipped);
      double denominator = 1 - clipped * clipped;
      double[] down = new double[k];
      for (int j = 0; j < k; j++) {
        down[j] = (a[j] + clipped * a[k - 1 - j]) / denominator;
      }
      a = down;
    }
    return u;
  }

  private static double atanh(double r) {
    return 0.5 * Math.log((1 + r) / (1 - r));
  }
}
