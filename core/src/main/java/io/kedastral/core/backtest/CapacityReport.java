package io.kedastral.core.backtest;

import java.util.List;

/**
 * Everything a capacity backtest measured (SPEC §4): the model's accuracy, the capacity outcome of
 * the forecast plan, the reactive policy and the oracle, and the data behind them.
 *
 * @param accuracy the model's forecast errors over every (origin, step)
 * @param forecast capacity figures of the replicas planned from the forecasts
 * @param reactive capacity figures of the reactive policy (HPA on the metric one lead time ago)
 * @param oracle capacity figures of perfect foresight
 * @param timeline the evaluated steps, for the chart
 * @param points every forecast value, for the {@code --forecasts} file
 */
public record CapacityReport(
    AccuracyReport accuracy,
    CapacityFigures forecast,
    CapacityFigures reactive,
    CapacityFigures oracle,
    CapacityTimeline timeline,
    List<ForecastPoint> points) {

  public CapacityReport {
    points = List.copyOf(points);
  }
}
