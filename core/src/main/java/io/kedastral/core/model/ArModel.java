package io.kedastral.core.model;

/**
 * An autoregression with a mean term, {@code x_t = c + φ_1 x_{t-1} + … + φ_p x_{t-p} + e_t},
 * estimated by least squares and always stationary (a non-stationary least-squares fit is replaced
 * by the Yule–Walker estimate, which is stationary by construction). See {@code
 * docs/models/baseline.md}.
 *
 * @param intercept {@code c}
 * @param phi {@code φ_1 … φ_p}
 */
record ArModel(double intercept, double[] phi) {

  /** Fits an AR({@code order}) to {@code x}, which needs more than {@code 2·(order + 1)} values. */
  static ArModel fit(double[] x, int order) {
    if (x.length <= 2 * (order + 1)) {
      throw new IllegalArgumentException("AR(" + order + ") needs more than " + 2 * (order + 1));
    }
    double mean = mean(x);
    double sd = 0;
    for (double v : x) {
      sd += (v - mean) * (v - mean);
    }
    sd = Math.sqrt(sd / x.length);
    if (!(sd > 0)) {
      return new ArModel(mean, new double[order]);
    }
    // Standardised so the normal equations are well scaled whatever the metric's units.
    double[] std = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      std[i] = (x[i] - mean) / sd;
    }
    double[] beta = leastSquares(std, order);
    if (beta != null) {
      double[] phi = java.util.Arrays.copyOfRange(beta, 1, beta.length);
      if (isStationary(phi)) {
        return new ArModel(mean * (1 - sum(phi)) + sd * beta[0], phi);
      }
    }
    return yuleWalker(x, mean, order);
  }

  private static double mean(double[] x) {
    double m = 0;
    for (double v : x) {
      m += v;
    }
    return m / x.length;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  int order() {
    return phi.length;
  }

  /**
   * The forecasts of the next {@code horizon} values as linear functions of the state: {@code
   * x̂(end + h) = w[h][0] + Σ_k w[h][k + 1]·x[end - 1 - k]} for {@code h = 0 … horizon-1}. Computed
   * once per fit so that forecasting from many origins costs {@code p} products per step.
   */
  double[][] forecastWeights(int horizon) {
    int p = phi.length;
    double[][] w = new double[horizon][p + 1];
    for (int h = 0; h < horizon; h++) {
      w[h][0] = intercept;
      for (int k = 0; k < p; k++) {
        int back = h - 1 - k; // the value this lag refers to: a forecast (>= 0) or state (< 0)
        if (back >= 0) {
          for (int j = 0; j <= p; j++) {
            w[h][j] += phi[k] * w[back][j];
          }
        } else {
          w[h][-back] += phi[k];
        }
      }
    }
    return w;
  }

  /** Solves the normal equations of the regression on a constant and p lags; null if singular. */
  private static double[] leastSquares(double[] x, int p) {
    int dim = p + 1;
    double[][] xtx = new double[dim][dim];
    double[] xty = new double[dim];
    double[] row = new double[dim];
    row[0] = 1;
    for (int t = p; t < x.length; t++) {
      for (int k = 1; k <= p; k++) {
        row[k] = x[t - k];
      }
      for (int i = 0; i < dim; i++) {
        xty[i] += row[i] * x[t];
        for (int j = 0; j <= i; j++) {
          xtx[i][j] += row[i] * row[j];
        }
      }
    }
    for (int i = 0; i < dim; i++) {
      for (int j = i + 1; j < dim; j++) {
        xtx[i][j] = xtx[j][i];
      }
    }
    return LinearSolver.solve(xtx, xty);
  }

  /** Levinson–Durbin step-down: stationary iff every reflection coefficient is inside (-1, 1). */
  static boolean isStationary(double[] phi) {
    double[] a = phi.clone();
    for (int m = a.length; m >= 1; m--) {
      double k = a[m - 1];
      if (!(Math.abs(k) < 1)) {
        return false;
      }
      double[] prev = new double[m - 1];
      for (int i = 0; i < m - 1; i++) {
        prev[i] = (a[i] + k * a[m - 2 - i]) / (1 - k * k);
      }
      a = prev;
    }
    return true;
  }

  /** Yule–Walker estimate by the Levinson–Durbin recursion (stationary). */
  private static ArModel yuleWalker(double[] x, double mean, int p) {
    double[] r = new double[p + 1];
    for (int lag = 0; lag <= p; lag++) {
      for (int t = lag; t < x.length; t++) {
        r[lag] += (x[t] - mean) * (x[t - lag] - mean);
      }
    }
    double[] phi = new double[p];
    if (r[0] > 0) {
      levinson(r, phi);
    }
    return new ArModel(mean * (1 - sum(phi)), phi);
  }

  private static void levinson(double[] r, double[] phi) {
    double err = r[0];
    for (int m = 0; m < phi.length; m++) {
      double acc = r[m + 1];
      for (int i = 0; i < m; i++) {
        acc -= phi[i] * r[m - i];
      }
      double k = acc / err;
      double[] prev = phi.clone();
      phi[m] = k;
      for (int i = 0; i < m; i++) {
        phi[i] = prev[i] - k * prev[m - 1 - i];
      }
      err *= 1 - k * k;
      if (err <= 0) {
        return;
      }
    }
  }
}
