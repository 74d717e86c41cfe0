package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.List;

/**
 * The value one season earlier: {@code ŷ(T+h) = y(T+h-s)}, the last season repeated for horizons
 * beyond it. The season is one day in steps unless given. With less than one season of history it
 * falls back to the last value and says so ({@code seasonal-naive(naive)}). No quantiles.
 */
public final class SeasonalNaiveModel implements ForecastModel {
  private final int season;

  /** Season of one day in steps of each history. */
  public SeasonalNaiveModel() {
    this.season = 0;
  }

  /**
   * A fixed season.
   *
   * @param season season length in steps, at least 1
   */
  public SeasonalNaiveModel(int season) {
    if (season < 1) {
      throw new IllegalArgumentException("season must be at least 1 step, was " + season);
    }
    this.season = season;
  }

  @Override
  public String name() {
    return "seasonal-naive";
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    int s = season > 0 ? season : history.stepsPerDay();
    int n = history.size();
    double[] v = new double[horizon];
    if (n < s) {
      java.util.Arrays.fill(v, history.last());
      return Forecast.of("seasonal-naive(naive)", v);
    }
    for (int h = 0; h < horizon; h++) {
      v[h] = history.valueAt(n - s + h % s);
    }
    return Forecast.of("seasonal-naive[" + s + "]", v);
  }
}
