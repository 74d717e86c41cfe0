package io.kedastral.core.model.arima;

/**
 * Fully resolved orders of one candidate model: ARIMA{@code (p,d,q)}, seasonal {@code (P,D,Q)} at
 * season {@code s} (all 0 and {@code s = 1} for a non-seasonal model) and {@code k} pairs of
 * Fourier terms of period {@code s} as regressors.
 */
record Orders(int p, int d, int q, int sp, int sd, int sq, int s, int k) {

  Orders {
    if (p < 0 || d < 0 || q < 0 || sp < 0 || sd < 0 || sq < 0 || k < 0 || s < 1) {
      throw new IllegalArgumentException("orders must be >= 0 and the season >= 1");
    }
    if (s == 1 && (sp > 0 || sd > 0 || sq > 0 || k > 0)) {
      throw new IllegalArgumentException("seasonal orders need a season of at least 2");
    }
  }

  static Orders arima(int p, int d, int q) {
    return new Orders(p, d, q, 0, 0, 0, 1, 0);
  }

  Orders withArma(int newP, int newQ) {
    return new Orders(newP, d, newQ, sp, sd, sq, s, k);
  }

  Orders withSeasonalArma(int newP, int newQ) {
    return new Orders(p, d, q, newP, sd, newQ, s, k);
  }

  /** Number of ARMA coefficients estimated. */
  int armaParameters() {
    return p + q + sp + sq;
  }

  /** Total differencing; a mean is estimated when 0, a drift when 1, neither above. */
  int totalDifferencing() {
    return d + sd;
  }

  /** The number of first values the autoregression conditions on. */
  int arLag() {
    return p + s * sp;
  }

  boolean seasonal() {
    return s > 1;
  }

  /** {@code arima(2,1,1)}, {@code sarima(1,0,1)(0,1,1)[1440]}, with {@code +fourier(4)}. */
  String describe() {
    String base = "(" + p + "," + d + "," + q + ")";
    if (!seasonal()) {
      return "arima" + base;
    }
    String out = "sarima" + base + "(" + sp + "," + sd + "," + sq + ")[" + s + "]";
    return k > 0 ? out + "+fourier(" + k + ")" : out;
  }
}
