package io.kedastral.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantile forecasts from empirical errors, split-conformal style: for level {@code q} and {@code
 * m} errors of step {@code h}, the offset is the {@code ⌈(m+1)q⌉}-th smallest error (the {@code
 * ⌊(m+1)q⌋}-th below the median), added to the point forecast. A level whose rank falls outside
 * {@code 1..m} has no basis and is left out. Offsets never narrow with the horizon: above the
 * median they are a running maximum over steps, below it a running minimum.
 */
final class ConformalBands {
  private ConformalBands() {}

  /**
   * Quantile forecasts for {@code levels}.
   *
   * @param errorsByStep actual minus forecast, {@code [h][origin]}; sorted in place
   * @param point the point forecast, one value per step
   */
  static Map<Double, double[]> bands(double[][] errorsByStep, double[] point, List<Double> levels) {
    Map<Double, double[]> out = new TreeMap<>();
    if (levels.isEmpty()) {
      return out;
    }
    for (double[] e : errorsByStep) {
      Arrays.sort(e);
    }
    int m = errorsByStep[0].length;
    for (double q : levels) {
      double r = (m + 1) * q;
      int rank = q >= 0.5 ? (int) Math.ceil(r - 1e-9) : (int) Math.floor(r + 1e-9);
      if (rank >= 1 && rank <= m) {
        out.put(q, offsetForecast(errorsByStep, point, rank - 1, q));
      }
    }
    return out;
  }

  private static double[] offsetForecast(double[][] errors, double[] point, int index, double q) {
    double[] v = new double[point.length];
    double offset = errors[0][index];
    for (int h = 0; h < point.length; h++) {
      double e = errors[h][index];
      if (h > 0) {
        offset = q > 0.5 ? Math.max(offset, e) : q < 0.5 ? Math.min(offset, e) : e;
      }
      v[h] = point[h] + offset;
    }
    return v;
  }
}
