package io.kedastral.core.model.arima;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Seeded synthetic series with known parameters for the model tests. */
final class Simulated {
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private Simulated() {}

  /**
   * {@code φ(B)Φ(B^s) x_t = θ(B)Θ(B^s) e_t}, {@code e ~ N(0, σ²)}, after a burn-in of 500 steps.
   */
  static double[] arma(
      long seed,
      int n,
      double[] phi,
      double[] theta,
      int s,
      double[] seasonalPhi,
      double[] seasonalTheta,
      double sigma) {
    LagPolynomial ar = LagPolynomial.of(phi, 1, -1).times(LagPolynomial.of(seasonalPhi, s, -1));
    LagPolynomial ma = LagPolynomial.of(theta, 1, 1).times(LagPolynomial.of(seasonalTheta, s, 1));
    int burn = 500 + ar.degree() + ma.degree();
    Random rnd = new Random(seed);
    double[] e = new double[n + burn];
    double[] x = new double[n + burn];
    for (int t = 0; t < x.length; t++) {
      e[t] = sigma * rnd.nextGaussian();
      x[t] = e[t] - ar.laggedSum(x, t) + ma.laggedSum(e, t);
    }
    return java.util.Arrays.copyOfRange(x, burn, x.length);
  }

  static double[] arma(long seed, int n, double[] phi, double[] theta, double sigma) {
    return arma(seed, n, phi, theta, 1, new double[0], new double[0], sigma);
  }

  static double[] plus(double c, double[] x) {
    double[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] += c;
    }
    return y;
  }

  static double[] cumulative(double[] x) {
    double[] y = x.clone();
    for (int i = 1; i < y.length; i++) {
      y[i] += y[i - 1];
    }
    return y;
  }

  /** A daily sine of amplitude 100 around 300 at {@code s} steps a day, plus AR(1) noise. */
  static double[] daily(long seed, int days, int s) {
    double[] noise = arma(seed, days * s, new double[] {0.7}, new double[0], 10);
    double[] y = new double[noise.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = 300 + 100 * Math.sin(2 * Math.PI * i / s) + noise[i];
    }
    return y;
  }

  static TimeSeries series(Duration step, double... values) {
    return TimeSeries.of(START, step, values);
  }
}
