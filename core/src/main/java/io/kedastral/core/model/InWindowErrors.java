package io.kedastral.core.model;

/**
 * Rolling-origin errors of a fit over the recent part of its own window: from the origins {@code o
 * = lastOrigin, lastOrigin - stride, …} down to {@code firstOrigin}, the forecast of {@code z[o, o
 * + horizon)} made from the state at {@code o - 1}. Used to choose the level's half-life and trend
 * and to calibrate the quantiles.
 *
 * @param firstOrigin earliest origin allowed
 * @param lastOrigin the most recent origin, always included
 * @param stride steps between origins, at least 1
 * @param horizon steps forecast from each origin
 */
record InWindowErrors(int firstOrigin, int lastOrigin, int stride, int horizon) {

  /** Number of origins. */
  int origins() {
    return (lastOrigin - firstOrigin) / stride + 1;
  }

  /** Mean absolute error over all origins and steps. */
  double meanAbsoluteError(LevelDeviationFit fit, boolean trend, double[] z) {
    double[] f = new double[horizon];
    double sum = 0;
    for (int o = lastOrigin; o >= firstOrigin; o -= stride) {
      fit.forecast(o, horizon, trend, f);
      for (int h = 0; h < horizon; h++) {
        sum += Math.abs(z[o + h] - f[h]);
      }
    }
    return sum / ((double) origins() * horizon);
  }

  /** The errors (actual minus forecast) by step: {@code [h][k]} for the k-th origin. */
  double[][] byStep(LevelDeviationFit fit, boolean trend, double[] z) {
    double[][] e = new double[horizon][origins()];
    double[] f = new double[horizon];
    int k = 0;
    for (int o = lastOrigin; o >= firstOrigin; o -= stride, k++) {
      fit.forecast(o, horizon, trend, f);
      for (int h = 0; h < horizon; h++) {
        e[h][k] = z[o + h] - f[h];
      }
    }
    return e;
  }
}
