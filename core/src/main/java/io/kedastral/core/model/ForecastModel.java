package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.List;

/**
 * A forecasting method. Implementations are pure functions of their input: no clock, no I/O, no
 * state between calls except caches that never change results. They are called once per forecast
 * tick (and many times by the backtest), from one thread at a time per instance.
 */
public interface ForecastModel {

  /** The model family as configured ({@code baseline}, {@code naive}, ...). */
  String name();

  /**
   * Fits on {@code history} and forecasts the {@code horizon} steps after its last point.
   *
   * @param history cleaned history on a regular grid; never empty
   * @param horizon number of steps to forecast, at least 1
   * @param quantileLevels levels in (0, 1) for which quantile forecasts are wanted (may be empty);
   *     a model may return fewer than asked when it has no basis for them
   * @return {@code horizon} finite values; {@code values[i]} is for {@code history.end() + (i+1)
   *     step}
   */
  Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels);

  /**
   * The argument check every model starts with.
   *
   * @throws IllegalArgumentException for an empty history or a horizon below 1
   */
  static void requireInput(TimeSeries history, int horizon) {
    if (history.isEmpty() || horizon < 1) {
      throw new IllegalArgumentException(
          "need a non-empty history and a horizon >= 1, got " + history + ", " + horizon);
    }
  }
}
