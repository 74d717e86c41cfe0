package io.kedastral.core.model.arima;

/**
 * The state a forecast starts from, filtered so that a spike does not echo through the model:
 * running the fitted recursion over the raw series, each one-step error beyond {@value #CLIP}
 * innovation standard deviations is clipped before it enters the state (the innovation, and the
 * value as "prediction + clipped innovation"). This is the robust filter of Martin and Thomson
 * (1982) in its simplest form. Without it, one spike in the last {@code q} steps of a window moved
 * the forecasts of {@code ec2_network_in} by twice its level through the MA terms. The raw errors
 * are kept for the quantiles, which should reflect spikes.
 *
 * @param x the filtered series (as {@link DifferencedSeries#x()}, outliers pulled in)
 * @param innovations the clipped one-step errors, 0 before the first one counted
 * @param errors the raw one-step errors from the first one counted on
 * @param sigma2 mean squared raw error
 */
record RobustFilter(double[] x, double[] innovations, double[] errors, double sigma2) {

  /** Clipping bound in innovation standard deviations. */
  static final double CLIP = 4;

  /** Filters {@code raw} with {@code fit}, counting from {@code start}; null if not finite. */
  static RobustFilter run(double[] raw, ArmaFit fit, int start) {
    int n = raw.length;
    double[] x = raw.clone();
    double[] e = new double[n];
    double[] errors = new double[n - start];
    LagPolynomial ar = fit.ar();
    LagPolynomial ma = fit.ma();
    double bound = CLIP * Math.sqrt(fit.sigma2());
    double ss = 0;
    for (int t = start; t < n; t++) {
      double predicted = -ar.laggedSum(x, t) + ma.laggedSum(e, t);
      double error = raw[t] - predicted;
      errors[t - start] = error;
      ss += error * error;
      e[t] = bound > 0 ? Math.max(-bound, Math.min(bound, error)) : error;
      x[t] = predicted + e[t];
    }
    if (!Double.isFinite(ss) || errors.length == 0) {
      return null;
    }
    return new RobustFilter(x, e, errors, ss / errors.length);
  }
}
