package io.kedastral.core.model.arima;

/**
 * The differencing operator {@code δ(B) = (1 - B)^d (1 - B^s)^D} and its inverse. {@code w_t = δ(B)
 * y_t} is defined for {@code t >= d + s·D}; forecasts of {@code w} are turned back into forecasts
 * of {@code y} by {@code y_t = w_t - Σ δ_j y_{t-j}}, starting from the observed history.
 */
final class Differencing {
  private final LagPolynomial delta;

  Differencing(int d, int sd, int s) {
    LagPolynomial p = LagPolynomial.ONE;
    LagPolynomial regular = new LagPolynomial(new int[] {1}, new double[] {-1});
    for (int i = 0; i < d; i++) {
      p = p.times(regular);
    }
    if (sd > 0) {
      LagPolynomial seasonal = new LagPolynomial(new int[] {s}, new double[] {-1});
      for (int i = 0; i < sd; i++) {
        p = p.times(seasonal);
      }
    }
    this.delta = p;
  }

  /** The polynomial {@code δ(B)}. */
  LagPolynomial polynomial() {
    return delta;
  }

  /** Observations lost at the start: {@code d + s·D}. */
  int lost() {
    return delta.degree();
  }

  /** {@code w = δ(B) y}, of length {@code y.length - lost()}. */
  double[] apply(double[] y) {
    int lost = lost();
    double[] w = new double[Math.max(0, y.length - lost)];
    for (int t = lost; t < y.length; t++) {
      w[t - lost] = y[t] + delta.laggedSum(y, t);
    }
    return w;
  }

  /** The forecasts of {@code y} after {@code history} whose differences are {@code wAhead}. */
  double[] integrate(double[] history, double[] wAhead) {
    int n = history.length;
    double[] y = new double[n + wAhead.length];
    System.arraycopy(history, 0, y, 0, n);
    for (int h = 0; h < wAhead.length; h++) {
      y[n + h] = wAhead[h] - delta.laggedSum(y, n + h);
    }
    double[] out = new double[wAhead.length];
    System.arraycopy(y, n, out, 0, out.length);
    return out;
  }
}
