package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.Arrays;
import java.util.List;

/**
 * The loss {@link AutoModel} ranks its candidates and combinations by: the mean pinball loss at 0.9
 * of a calibrated upper bound, from the errors at the selection's origins ({@code
 * docs/models/auto.md}).
 */
final class SelectionLoss {
  private static final double LEVEL = 0.9;

  private SelectionLoss() {}

  /**
   * {@code m}'s errors {@code y - ŷ} at each origin and step when fitted on {@code d} before the
   * origin; null when it cannot fit there.
   */
  static double[][] errors(ForecastModel m, TimeSeries d, List<Integer> origins, int h) {
    int k = origins.size();
    double[][] errors = new double[k][h];
    try {
      for (int j = 0; j < k; j++) {
        int o = origins.get(j);
        Forecast f = m.forecast(d.slice(0, o), h, List.of());
        for (int i = 0; i < h; i++) {
          errors[j][i] = d.valueAt(o + i) - f.valueAt(i);
        }
      }
    } catch (RuntimeException e) {
      return null; // a candidate that cannot fit here is not chosen
    }
    return errors;
  }

  /** The errors of the members' mean forecast: the mean of their errors. */
  static double[][] meanErrors(List<double[][]> members) {
    double[][] out = new double[members.get(0).length][members.get(0)[0].length];
    for (double[][] e : members) {
      for (int j = 0; j < out.length; j++) {
        for (int i = 0; i < out[j].length; i++) {
          out[j][i] += e[j][i] / members.size();
        }
      }
    }
    return out;
  }

  /**
   * The mean pinball-0.9 loss of a calibrated upper bound with these errors: at each origin the
   * point forecast plus the 0.9 quantile of the errors at the other origins (leave one out), so
   * every candidate is judged on the same kind of bound whether it gives quantiles or not.
   */
  static double loss(double[][] errors) {
    int k = errors.length;
    int h = errors[0].length;
    double sum = 0;
    for (int j = 0; j < k; j++) {
      double offset = upperQuantileExcept(errors, j);
      for (int i = 0; i < h; i++) {
        sum += pinball(errors[j][i], offset);
      }
    }
    return sum / (k * h);
  }

  /** The 0.9 quantile (nearest rank) of every error but those of origin {@code skip}. */
  private static double upperQuantileExcept(double[][] errors, int skip) {
    int h = errors[0].length;
    double[] pooled = new double[(errors.length - 1) * h];
    int n = 0;
    for (int j = 0; j < errors.length; j++) {
      if (j != skip) {
        System.arraycopy(errors[j], 0, pooled, n, h);
        n += h;
      }
    }
    Arrays.sort(pooled);
    return pooled[Math.min(n - 1, (int) Math.ceil(LEVEL * n) - 1)];
  }

  /**
   * Pinball loss at 0.9 of a bound {@code offset} above the point forecast, for its {@code error}.
   */
  static double pinball(double error, double offset) {
    double e = error - offset;
    return e >= 0 ? LEVEL * e : (LEVEL - 1) * e;
  }
}
