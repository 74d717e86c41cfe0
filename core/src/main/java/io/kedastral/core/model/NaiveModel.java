package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.Arrays;
import java.util.List;

/**
 * The last observed value, repeated: the reference every model has to beat at short horizons. No
 * quantiles.
 */
public final class NaiveModel implements ForecastModel {

  @Override
  public String name() {
    return "naive";
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    double[] v = new double[horizon];
    Arrays.fill(v, history.last());
    return Forecast.of("naive", v);
  }
}
