package io.kedastral.core.model.arima;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A polynomial in the lag operator, {@code 1 + c_1 B^{l_1} + … + c_m B^{l_m}}, stored sparsely so
 * that a seasonal factor such as {@code 1 - Θ B^1440} costs one term, not 1440.
 *
 * @param lags the lags with a non-zero coefficient, strictly increasing, each at least 1
 * @param coefficients the coefficient of each lag
 */
record LagPolynomial(int[] lags, double[] coefficients) {

  static final LagPolynomial ONE = new LagPolynomial(new int[0], new double[0]);

  LagPolynomial {
    if (lags.length != coefficients.length) {
      throw new IllegalArgumentException("one coefficient per lag");
    }
    for (int i = 0; i < lags.length; i++) {
      if (lags[i] < 1 || (i > 0 && lags[i] <= lags[i - 1])) {
        throw new IllegalArgumentException("lags must be increasing and >= 1");
      }
    }
  }

  /**
   * {@code 1 + sign·(a_1 B^{span} + a_2 B^{2·span} + …)}: with sign -1 an autoregressive factor
   * {@code 1 - φ_1 B - …}, with sign +1 a moving-average factor {@code 1 + θ_1 B + …}.
   */
  static LagPolynomial of(double[] a, int span, double sign) {
    int m = 0;
    for (double v : a) {
      m += v != 0 ? 1 : 0;
    }
    int[] lags = new int[m];
    double[] c = new double[m];
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != 0) {
        lags[k] = (i + 1) * span;
        c[k++] = sign * a[i];
      }
    }
    return new LagPolynomial(lags, c);
  }

  /** The product of two polynomials, terms that cancel exactly dropped. */
  LagPolynomial times(LagPolynomial o) {
    TreeMap<Integer, Double> terms = new TreeMap<>();
    for (int i = -1; i < lags.length; i++) {
      for (int j = -1; j < o.lags.length; j++) {
        int lag = (i < 0 ? 0 : lags[i]) + (j < 0 ? 0 : o.lags[j]);
        double c = (i < 0 ? 1 : coefficients[i]) * (j < 0 ? 1 : o.coefficients[j]);
        terms.merge(lag, c, Double::sum);
      }
    }
    terms.remove(0);
    terms.values().removeIf(c -> c == 0);
    return new LagPolynomial(
        terms.keySet().stream().mapToInt(Integer::intValue).toArray(),
        terms.values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The highest lag, 0 for the constant polynomial. */
  int degree() {
    return lags.length == 0 ? 0 : lags[lags.length - 1];
  }

  /** {@code Σ c_k x[t - l_k]} over the lags that fall inside the array (the rest count as 0). */
  double laggedSum(double[] x, int t) {
    double acc = 0;
    for (int k = 0; k < lags.length && lags[k] <= t; k++) {
      acc += coefficients[k] * x[t - lags[k]];
    }
    return acc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LagPolynomial p
        && Arrays.equals(lags, p.lags)
        && Arrays.equals(coefficients, p.coefficients);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(lags) + Arrays.hashCode(coefficients);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("1");
    for (int k = 0; k < lags.length; k++) {
      sb.append(coefficients[k] < 0 ? " - " : " + ")
          .append(Math.abs(coefficients[k]))
          .append("B^")
          .append(lags[k]);
    }
    return sb.toString();
  }
}
