package io.kedastral.core.model.arima;

/**
 * An ARMA{@code (p,q)(P,Q)[s]} fitted to a zero-mean series by conditional sum of squares.
 *
 * @param phi non-seasonal AR coefficients, {@code 1 - φ_1 B - …}
 * @param theta non-seasonal MA coefficients, {@code 1 + θ_1 B + …}
 * @param seasonalPhi seasonal AR coefficients, {@code 1 - Φ_1 B^s - …}
 * @param seasonalTheta seasonal MA coefficients, {@code 1 + Θ_1 B^s + …}
 * @param s the season
 * @param sigma2 innovation variance, the mean squared conditional residual
 * @param used residuals the sum of squares ran over
 */
record ArmaFit(
    double[] phi,
    double[] theta,
    double[] seasonalPhi,
    double[] seasonalTheta,
    int s,
    double sigma2,
    int used) {

  ArmaFit {
    if (!(sigma2 >= 0) || !Double.isFinite(sigma2) || used < 1) {
      throw new IllegalArgumentException("sigma2 must be finite and >= 0, used >= 1");
    }
  }

  /** {@code φ(B)Φ(B^s)}. */
  LagPolynomial ar() {
    return LagPolynomial.of(phi, 1, -1).times(LagPolynomial.of(seasonalPhi, s, -1));
  }

  /** {@code θ(B)Θ(B^s)}. */
  LagPolynomial ma() {
    return LagPolynomial.of(theta, 1, 1).times(LagPolynomial.of(seasonalTheta, s, 1));
  }

  /**
   * AICc of the Gaussian conditional likelihood, {@code -2 log L + 2k + 2k(k+1)/(n-k-1)}, with
   * {@code k} = ARMA coefficients + {@code extraParameters} (regression terms) + 1 (the variance).
   * Infinite when there are too few residuals for {@code k}.
   */
  double aicc(int extraParameters) {
    int k = phi.length + theta.length + seasonalPhi.length + seasonalTheta.length;
    k += extraParameters + 1;
    if (used - k - 1 <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    double variance = Math.max(sigma2, Double.MIN_NORMAL);
    double logLik = -0.5 * used * (Math.log(2 * Math.PI * variance) + 1);
    return -2 * logLik + 2.0 * k + 2.0 * k * (k + 1) / (used - k - 1);
  }

  /** The coefficients in the order phi, theta, seasonalPhi, seasonalTheta (for reports). */
  double[] coefficients() {
    double[] all =
        new double[phi.length + theta.length + seasonalPhi.length + seasonalTheta.length];
    int c = 0;
    for (double[] part : new double[][] {phi, theta, seasonalPhi, seasonalTheta}) {
      System.arraycopy(part, 0, all, c, part.length);
      c += part.length;
    }
    return all;
  }
}
