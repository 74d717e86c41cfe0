package io.kedastral.core.model;

/**
 * A robust seasonal profile of one period (a day or a week in steps): for every phase, the median
 * of the values at that phase and its {@code ±pool} neighbours over all past periods, centred on
 * zero and shrunk towards zero by its split-half reliability λ (0 = no detectable season, 1 = fully
 * reliable). The maths is in {@code docs/models/baseline.md}.
 *
 * <p>Phases are counted back from the end of the window: the last value of the window has phase
 * {@code period - 1}, the first forecast step phase 0. No calendar or time zone is involved.
 */
final class SeasonalProfile {
  private final double[] shape;
  private final double strength;

  private SeasonalProfile(double[] shape, double strength) {
    this.shape = shape;
    this.strength = strength;
  }

  /**
   * Estimates the profile of {@code x} (already free of level and trend, e.g. by {@link
   * #detrended}) for {@code period}; needs at least two whole periods.
   */
  static SeasonalProfile estimate(double[] x, int period, int pool) {
    int w = Math.min(pool, (period - 1) / 2);
    double[] all = centred(pooledMedians(x, period, w, -1));
    double[] even = centred(pooledMedians(x, period, w, 0));
    double[] odd = centred(pooledMedians(x, period, w, 1));
    double lambda = reliability(even, odd);
    for (int r = 0; r < period; r++) {
      all[r] *= lambda;
    }
    return new SeasonalProfile(all, lambda);
  }

  /**
   * The profile value at {@code index} of a window of {@code n} values ({@code index >= n}: ahead).
   */
  double at(int index, int n) {
    return shape[Math.floorMod(index - n, shape.length)];
  }

  /** The shrinkage factor λ in [0, 1] that was applied. */
  double strength() {
    return strength;
  }

  /**
   * {@code y} minus its centred moving average over {@code span} steps ({@code i ± span/2},
   * truncated at the ends of the window). Removes the level and any trend, so that the profile
   * describes shape only.
   */
  static double[] detrended(double[] y, int span) {
    int n = y.length;
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + y[i];
    }
    int half = span / 2;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int lo = Math.max(0, i - half);
      int hi = Math.min(n, i + half + 1);
      out[i] = y[i] - (prefix[hi] - prefix[lo]) / (hi - lo);
    }
    return out;
  }

  /**
   * Median per phase over the pooled neighbour phases; {@code half} 0 or 1 keeps only the periods
   * (counted back from the end) of that parity, -1 keeps all.
   */
  private static double[] pooledMedians(double[] x, int period, int pool, int half) {
    int n = x.length;
    double[] out = new double[period];
    double[] buf = new double[(2 * pool + 1) * (n / period + 1)];
    for (int r = 0; r < period; r++) {
      int len = 0;
      for (int j = -pool; j <= pool; j++) {
        int phase = Math.floorMod(r + j, period);
        for (int i = (n + phase) % period; i < n; i += period) {
          if (half < 0 || ((n - 1 - i) / period) % 2 == half) {
            buf[len++] = x[i];
          }
        }
      }
      out[r] = len == 0 ? 0 : RobustStats.medianInPlace(buf, len);
    }
    return out;
  }

  private static double[] centred(double[] p) {
    double m = RobustStats.median(p, 0, p.length);
    for (int i = 0; i < p.length; i++) {
      p[i] -= m;
    }
    return p;
  }

  /**
   * λ = signal / (signal + noise): the covariance of two profiles from disjoint halves of the
   * periods estimates the variance of the true profile, a quarter of the variance of their
   * difference that of the estimation noise of the full-sample profile.
   */
  private static double reliability(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double cov = 0;
    double diffVar = 0;
    for (int i = 0; i < n; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      double d = (a[i] - ma) - (b[i] - mb);
      diffVar += d * d;
    }
    double signal = Math.max(0, cov / n);
    double noise = diffVar / n / 4;
    return signal > 0 ? signal / (signal + noise) : 0;
  }
}
