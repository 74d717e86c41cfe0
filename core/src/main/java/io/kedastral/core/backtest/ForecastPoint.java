package io.kedastral.core.backtest;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One forecast value of a walk-forward run: a row of the backtest's {@code --forecasts} file.
 *
 * @param origin time of the last point the model saw
 * @param target time forecast, {@code origin + horizonStep · step}
 * @param horizonStep steps ahead, from 1
 * @param actual the observed value at {@code target}
 * @param forecast the point forecast
 * @param p90 the 0.9 quantile, when the model gave one
 */
public record ForecastPoint(
    Instant origin,
    Instant target,
    int horizonStep,
    double actual,
    double forecast,
    OptionalDouble p90) {

  public ForecastPoint {
    if (horizonStep < 1 || !target.isAfter(origin)) {
      throw new IllegalArgumentException("a forecast point is after its origin");
    }
  }
}
