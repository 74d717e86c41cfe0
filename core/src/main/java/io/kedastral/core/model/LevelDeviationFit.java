package io.kedastral.core.model;

/**
 * One fit of the non-seasonal part {@code z} of a series as a robust exponentially smoothed level
 * plus an AR(p) deviation from it: {@code z_t = ℓ_t + u_t}. The level ignores isolated bursts (its
 * innovations are clipped, Huber-style); the AR is estimated on winsorised deviations but runs from
 * the actual ones, so a burst in progress decays at the normal pace. Optionally the level's recent
 * slope is extrapolated, damped. See {@code docs/models/baseline.md}.
 */
final class LevelDeviationFit {
  /** Level innovations are clipped at this many robust standard deviations (Huber's k). */
  static final double LEVEL_CLIP = 2.0;

  /** Deviations are winsorised at this many robust standard deviations for the AR estimate. */
  static final double DEVIATION_CLIP = 3.0;

  private final double alpha;
  private final int trendSpan;
  private final double[] level;
  private final double[] deviation;
  private final double[][] arWeights;
  private final double[] trendSteps;

  private LevelDeviationFit(
      double alpha, int trendSpan, double[] level, double[] deviation, ArModel ar, int horizon) {
    this.alpha = alpha;
    this.trendSpan = trendSpan;
    this.level = level;
    this.deviation = deviation;
    this.arWeights = ar.forecastWeights(horizon);
    this.trendSteps = new double[horizon];
    double factor = 1;
    double sum = 0;
    for (int h = 0; h < horizon; h++) {
      factor *= 1 - alpha;
      sum += factor;
      trendSteps[h] = sum;
    }
  }

  /**
   * Fits on {@code z}.
   *
   * @param alpha smoothing weight of the level in [0, 1]; 0 holds it at the median of {@code z}
   * @param innovationSigma robust scale of one-step changes; not finite or 0 disables clipping
   * @param order AR order
   * @param trendSpan steps over which the level's slope is measured (its half-life), at least 1
   * @param horizon the longest horizon that will be forecast
   */
  static LevelDeviationFit fit(
      double[] z, double alpha, double innovationSigma, int order, int trendSpan, int horizon) {
    double[] level = smoothLevel(z, alpha, innovationSigma);
    double[] dev = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      dev[i] = z[i] - level[i];
    }
    ArModel ar = ArModel.fit(winsorised(dev), order);
    return new LevelDeviationFit(alpha, Math.max(1, trendSpan), level, dev, ar, horizon);
  }

  /** Whether the level moves at all (a held level has no trend). */
  boolean adapts() {
    return alpha > 0;
  }

  /**
   * Writes into {@code out[0, horizon)} the forecasts of {@code z[origin, origin + horizon)} made
   * from the fitted state at {@code origin - 1}. With {@code trend}, the level's slope over the
   * last {@code trendSpan} steps is extrapolated, damped by {@code 1 - α} per step so that it is
   * believed about as long as the level remembers.
   */
  void forecast(int origin, int horizon, boolean trend, double[] out) {
    double base = level[origin - 1];
    double slope = trend ? slope(origin - 1) : 0;
    int p = arWeights[0].length - 1;
    for (int h = 0; h < horizon; h++) {
      double[] w = arWeights[h];
      double v = w[0];
      for (int k = 0; k < p; k++) {
        v += w[k + 1] * deviation[origin - 1 - k];
      }
      out[h] = base + slope * trendSteps[h] + v;
    }
  }

  private double slope(int end) {
    int span = Math.min(trendSpan, end);
    return span == 0 ? 0 : (level[end] - level[end - span]) / span;
  }

  private static double[] smoothLevel(double[] z, double alpha, double sigma) {
    int n = z.length;
    double[] level = new double[n];
    if (alpha <= 0) {
      java.util.Arrays.fill(level, RobustStats.median(z, 0, n));
      return level;
    }
    double limit = sigma > 0 && Double.isFinite(sigma) ? LEVEL_CLIP * sigma : Double.MAX_VALUE;
    int warmUp = (int) Math.min(n, Math.ceil(1 / alpha));
    double c = RobustStats.median(z, 0, warmUp);
    for (int i = 0; i < n; i++) {
      double e = Math.max(-limit, Math.min(limit, z[i] - c));
      c += alpha * e;
      level[i] = c;
    }
    return level;
  }

  private static double[] winsorised(double[] dev) {
    double center = RobustStats.median(dev, 0, dev.length);
    double limit = DEVIATION_CLIP * RobustStats.madSigma(dev, 0, dev.length);
    if (!(limit > 0)) {
      return dev;
    }
    double[] out = new double[dev.length];
    for (int i = 0; i < dev.length; i++) {
      out[i] = Math.max(center - limit, Math.min(center + limit, dev[i]));
    }
    return out;
  }
}
