package io.kedastral.core.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a model predicts: point values and optional quantiles, all finite and of one length.
 *
 * @param model description shown to users, e.g. {@code baseline(daily)}; says which fallback was
 *     taken
 * @param values point forecasts, one per step
 * @param quantiles quantile level in (0, 1) to one forecast per step
 */
public record Forecast(String model, double[] values, Map<Double, double[]> quantiles) {

  public Forecast {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("a forecast has at least one value");
    }
    values = values.clone();
    requireFinite("values", values);
    TreeMap<Double, double[]> q = new TreeMap<>();
    if (quantiles != null) {
      for (Map.Entry<Double, double[]> e : quantiles.entrySet()) {
        double level = e.getKey();
        if (!(level > 0 && level < 1)) {
          throw new IllegalArgumentException("quantile level must be in (0, 1): " + level);
        }
        if (e.getValue().length != values.length) {
          throw new IllegalArgumentException(
              "quantile "
                  + level
                  + " has "
                  + e.getValue().length
                  + " values, expected "
                  + values.length);
        }
        double[] copy = e.getValue().clone();
        requireFinite("quantile " + level, copy);
        q.put(level, copy);
      }
    }
    quantiles = Collections.unmodifiableMap(q);
  }

  /** A forecast without quantiles. */
  public static Forecast of(String model, double... values) {
    return new Forecast(model, values, Map.of());
  }

  public int horizon() {
    return values.length;
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public double valueAt(int i) {
    return values[i];
  }

  private static void requireFinite(String what, double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + a[i]);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Forecast f)
        || !model.equals(f.model)
        || !Arrays.equals(values, f.values)
        || !quantiles.keySet().equals(f.quantiles.keySet())) {
      return false;
    }
    return quantiles.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), f.quantiles.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, Arrays.hashCode(values), quantiles.keySet());
  }

  @Override
  public String toString() {
    return "Forecast[model="
        + model
        + ", values="
        + Arrays.toString(values)
        + ", quantiles="
        + quantiles.keySet()
        + "]";
  }
}
