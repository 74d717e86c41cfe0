package io.kedastral.core.pipeline;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.snapshot.Snapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The glue of one forecast tick between "history collected" and "snapshot stored", as pure
 * functions: the forecaster times and logs around them.
 */
public final class Forecasting {
  private Forecasting() {}

  /**
   * Forecasts the {@code horizonSteps} steps after {@code now}. The history usually ends a little
   * before {@code now} (scrape and ingestion lag); the model forecasts from its last point and the
   * steps that are already in the past at {@code now} are dropped, so that {@code values[i]} is for
   * {@code now + (i+1)·step} (to within one step).
   *
   * @throws IllegalArgumentException when the history is empty or ends after {@code now}
   */
  public static Forecast forecastAfter(
      ForecastModel model,
      TimeSeries history,
      Instant now,
      int horizonSteps,
      List<Double> quantileLevels) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no history to forecast from");
    }
    int elapsed = elapsedSteps(history, now);
    Forecast full = model.forecast(history, elapsed + horizonSteps, quantileLevels);
    if (elapsed == 0) {
      return full;
    }
    Map<Double, double[]> q = new LinkedHashMap<>();
    full.quantiles()
        .forEach(
            (level, v) -> q.put(level, Arrays.copyOfRange(v, elapsed, elapsed + horizonSteps)));
    double[] values = Arrays.copyOfRange(full.values(), elapsed, elapsed + horizonSteps);
    return new Forecast(full.model(), values, q);
  }

  /** Whole steps between the last point of {@code history} and {@code now} (0 when not after). */
  public static int elapsedSteps(TimeSeries history, Instant now) {
    Duration lag = Duration.between(history.end(), now);
    if (lag.isNegative()) {
      return 0;
    }
    return Math.toIntExact(lag.toMillis() / history.step().toMillis());
  }

  /** Builds the snapshot served to scalers from a forecast and its plan. */
  public static Snapshot snapshot(
      String workload,
      String metric,
      Instant generatedAt,
      Duration step,
      Forecast forecast,
      int[] replicas) {
    long stepSeconds = step.toSeconds();
    Map<String, List<Double>> quantiles = new LinkedHashMap<>();
    forecast.quantiles().forEach((level, v) -> quantiles.put(levelKey(level), boxed(v)));
    return new Snapshot(
        workload,
        metric,
        generatedAt,
        stepSeconds,
        stepSeconds * forecast.horizon(),
        boxed(forecast.values()),
        IntStream.of(replicas).boxed().toList(),
        forecast.model(),
        quantiles);
  }

  /** The JSON key of a quantile level: {@code 0.9 → "0.9"}, {@code 0.95 → "0.95"}. */
  public static String levelKey(double level) {
    return BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
  }

  private static List<Double> boxed(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }
}
