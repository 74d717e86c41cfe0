package io.kedastral.core.backtest;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.series.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Runs an {@link AccuracyProtocol} for one model on one series. The caller supplies the clock that
 * times each fit+forecast (e.g. {@code System::nanoTime}); nothing here reads time on its own.
 */
public final class WalkForward {
  private static final List<Double> QUANTILES = List.of(ErrorTotals.PINBALL_LEVEL);

  private WalkForward() {}

  /** Sees every origin's forecast as the walk goes, e.g. to plan replicas from it. */
  @FunctionalInterface
  public interface OriginListener {
    /**
     * Called once per origin, in order.
     *
     * @param index position of this origin among all origins, from 0
     * @param origin index in the series of the first forecast point; the model saw the points
     *     before it
     * @param forecast what the model forecast for {@code y[origin, origin + horizon)}
     */
    void origin(int index, int origin, Forecast forecast);
  }

  /**
   * Evaluates {@code model} on {@code series}, asking for the 0.9 quantile at every origin.
   *
   * @param nanoTime monotonic nanosecond source used only to time each fit+forecast
   * @throws IllegalArgumentException when the series leaves no origin or is constant throughout
   */
  public static AccuracyReport run(
      TimeSeries series, ForecastModel model, AccuracyProtocol protocol, LongSupplier nanoTime) {
    return run(series, model, protocol, QUANTILES, nanoTime, (i, t, f) -> {});
  }

  /**
   * Evaluates {@code model} on {@code series}, asking for {@code quantileLevels} and 0.9 at every
   * origin, and hands each forecast to {@code listener}.
   */
  public static AccuracyReport run(
      TimeSeries series,
      ForecastModel model,
      AccuracyProtocol protocol,
      List<Double> quantileLevels,
      LongSupplier nanoTime,
      OriginListener listener) {
    return run(
        series,
        model,
        protocol,
        protocol.origins(series.size()),
        quantileLevels,
        nanoTime,
        listener);
  }

  /**
   * Evaluates {@code model} at the given {@code origins} only (a subset of the protocol's, e.g. to
   * keep a slow model's test short), otherwise as {@link #run(TimeSeries, ForecastModel,
   * AccuracyProtocol, List, LongSupplier, OriginListener)}.
   */
  static AccuracyReport run(
      TimeSeries series,
      ForecastModel model,
      AccuracyProtocol protocol,
      List<Integer> origins,
      List<Double> quantileLevels,
      LongSupplier nanoTime,
      OriginListener listener) {
    if (origins.isEmpty()) {
      throw new IllegalArgumentException(series.size() + " points leave no origin for " + protocol);
    }
    TreeSet<Double> levels = new TreeSet<>(quantileLevels);
    levels.addAll(QUANTILES);
    List<Double> asked = List.copyOf(levels);
    ErrorTotals totals = new ErrorTotals();
    long[] nanos = new long[origins.size()];
    for (int k = 0; k < origins.size(); k++) {
      int t = origins.get(k);
      TimeSeries train = series.slice(t - protocol.window(), t);
      long start = nanoTime.getAsLong();
      Forecast f = model.forecast(train, protocol.horizon(), asked);
      nanos[k] = nanoTime.getAsLong() - start;
      score(totals, series, t, f, scale(train, protocol.season()));
      listener.origin(k, t, f);
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
