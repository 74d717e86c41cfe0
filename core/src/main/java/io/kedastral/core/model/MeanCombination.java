package io.kedastral.core.model;

import io.kedastral.core.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The equal-weight mean of two or more models' forecasts, as {@code MODEL=auto} combines its
 * candidates ({@code docs/models/auto.md}).
 *
 * <p>Point forecast: the mean of the members' point forecasts. Quantiles: at each level every
 * member gives, the mean of the members' quantiles at that level (quantile averaging); a level some
 * member does not give is left out, as a single model leaves out a level it cannot give. The mean
 * of quantiles is at least as wide as the quantile of the mean forecast's distribution when the
 * members' errors are not perfectly correlated, so the bound errs on the side of capacity.
 *
 * @param members the models combined, at least two, names unique
 */
public record MeanCombination(List<ForecastModel> members) implements ForecastModel {
  public MeanCombination {
    members = List.copyOf(members);
    if (members.size() < 2) {
      throw new IllegalArgumentException("a combination has at least two members");
    }
    if (members.stream().map(ForecastModel::name).distinct().count() != members.size()) {
      throw new IllegalArgumentException("combination members must be unique");
    }
  }

  /** {@code mean(baseline,sarima)}: the members' names, in their order. */
  @Override
  public String name() {
    return "mean(" + String.join(",", members.stream().map(ForecastModel::name).toList()) + ")";
  }

  /**
   * Fits every member on {@code history}; the description lists theirs, e.g. {@code
   * mean(baseline(daily),sarima(3,0,2)(1,0,0)[48]+fourier(8))}. Throws when any member does.
   */
  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    List<Forecast> parts = new ArrayList<>(members.size());
    for (ForecastModel m : members) {
      parts.add(m.forecast(history, horizon, quantileLevels));
    }
    List<String> descriptions = parts.stream().map(Forecast::model).toList();
    double[] values = mean(parts.stream().map(Forecast::values).toList(), horizon);
    Map<Double, double[]> quantiles = new TreeMap<>();
    for (Double level : parts.get(0).quantiles().keySet()) {
      if (parts.stream().allMatch(p -> p.quantiles().containsKey(level))) {
        quantiles.put(
            level, mean(parts.stream().map(p -> p.quantiles().get(level)).toList(), horizon));
      }
    }
    return new Forecast("mean(" + String.join(",", descriptions) + ")", values, quantiles);
  }

  private static double[] mean(List<double[]> rows, int horizon) {
    double[] out = new double[horizon];
    for (double[] row : rows) {
      for (int i = 0; i < horizon; i++) {
        out[i] += row[i] / rows.size();
      }
    }
    return out;
  }
}
