package io.kedastral.core.backtest;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.series.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs an {@link AccuracyProtocol} for one model on one series. The caller supplies the clock that
 * times each fit+forecast (e.g. {@code System::nanoTime}); nothing here reads time on its own.
 */
public final class WalkForward {
  private static final List<Double> QUANTILES = List.of(ErrorTotals.PINBALL_LEVEL);

  private WalkForward() {}

  /**
   * Evaluates {@code model} on {@code series}, asking for the 0.9 quantile at every origin.
   *
   * @param nanoTime monotonic nanosecond source used only to time each fit+forecast
   * @throws IllegalArgumentException when the series leaves no origin or is constant throughout
   */
  public static AccuracyReport run(
      TimeSeries series, ForecastModel model, AccuracyProtocol protocol, LongSupplier nanoTime) {
    List<Integer> origins = protocol.origins(series.size());
    if (origins.isEmpty()) {
      throw new IllegalArgumentException(series.size() + " points leave no origin for " + protocol);
    }
    ErrorTotals totals = new ErrorTotals();
    long[] nanos = new long[origins.size()];
    for (int k = 0; k < origins.size(); k++) {
      int t = origins.get(k);
      TimeSeries train = series.slice(t - protocol.window(), t);
      long start = nanoTime.getAsLong();
      Forecast f = model.forecast(train, protocol.horizon(), QUANTILES);
      nanos[k] = nanoTime.getAsLong() - start;
      score(totals, series, t, f, scale(train, protocol.season()));
    }
    return totals.report(model.name(), median(nanos) / 1e6);
  }

  /** Mean absolute lag-{@code season} difference over {@code train}. */
  static double scale(TimeSeries train, int season) {
    double sum = 0;
    for (int i = season; i < train.size(); i++) {
      sum += Math.abs(train.valueAt(i) - train.valueAt(i - season));
    }
    return sum / (train.size() - season);
  }

  private static void score(
      ErrorTotals totals, TimeSeries series, int t, Forecast f, double scale) {
    totals.addOrigin(f.model());
    double[] q = f.quantiles().get(ErrorTotals.PINBALL_LEVEL);
    for (int h = 0; h < f.horizon(); h++) {
      double actual = series.valueAt(t + h);
      totals.addPoint(actual, f.valueAt(h), scale);
      if (q != null) {
        totals.addQuantile(actual, q[h], scale);
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
  }
}
