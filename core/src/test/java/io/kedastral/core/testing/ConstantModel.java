package io.kedastral.core.testing;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.series.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model that always forecasts {@code value}, with {@code p90} as its 0.9 quantile unless {@code
 * p90} is NaN (then no quantiles).
 */
public record ConstantModel(double value, double p90) implements ForecastModel {
  @Override
  public String name() {
    return "constant";
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    double[] v = new double[horizon];
    Arrays.fill(v, value);
    if (Double.isNaN(p90)) {
      return Forecast.of("constant", v);
    }
    double[] q = new double[horizon];
    Arrays.fill(q, p90);
    return new Forecast("constant", v, Map.of(0.9, q));
  }
}
