package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.AccuracyProtocol;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.core.series.Durations;
import io.kedastral.core.series.TimeSeries;
import java.time.Duration;

/**
 * The options resolved against the input's step: everything in steps, the model spec, the policy
 * and the walk-forward protocol.
 */
record BacktestRun(
    TimeSeries series,
    Duration step,
    int season,
    ModelSpec model,
    CapacityPolicy policy,
    AccuracyProtocol protocol) {

  /**
   * Resolves {@code o} for {@code series}.
   *
   * @throws UsageException when a duration is not a whole number of steps where it has to be, or
   *     the settings do not fit together
   */
  static BacktestRun resolve(BacktestOptions o, TimeSeries series) {
    Duration step = series.step();
    int horizon = steps("horizon", o.horizon(), step);
    int window = steps("window", o.window(), step);
    int stride = o.stride().map(d -> steps("stride", d, step)).orElse(horizon);
    int lead = (int) ((o.leadTime().toMillis() + step.toMillis() - 1) / step.toMillis());
    int season = o.season().orElseGet(() -> dayInSteps(step));
    if (window <= season) {
      throw new UsageException(
          "--window='"
              + Durations.format(o.window())
              + "' is invalid: allowed is more than one"
              + " season ("
              + season
              + " steps of "
              + Durations.format(step)
              + ")");
    }
    if (stride + Math.max(lead, 1) - 1 > horizon) {
      throw new UsageException(
          "--stride plus --lead-time must fit in --horizon (the plan running at t must have been"
              + " made one lead time before t): "
              + stride
              + " + "
              + lead
              + " steps > "
              + horizon);
    }
    if (o.max() < o.min()) {
      throw BacktestOptions.invalid(
          "max", String.valueOf(o.max()), "at least --min (" + o.min() + ")");
    }
    CapacityPolicy policy =
        new CapacityPolicy(
            o.targetPerPod(),
            o.headroom(),
            o.quantileLevel(),
            o.min(),
            o.max(),
            o.upMaxFactor(),
            o.downMaxPercent(),
            (int) (o.prewarmWindow().toMillis() / step.toMillis()),
            o.reactiveFloor(),
            lead,
            o.calibratedMargin());
    return new BacktestRun(
        series,
        step,
        season,
        spec(o, season),
        policy,
        new AccuracyProtocol(horizon, window, stride, season, o.firstOrigin()));
  }

  private static ModelSpec spec(BacktestOptions o, int season) {
    return switch (o.model()) {
      case "baseline" -> new ModelSpec.Baseline();
      case "snaive" -> new ModelSpec.SeasonalNaive(season);
      case "arima" -> new ModelSpec.Arima(o.order());
      case "sarima" -> new ModelSpec.Sarima(o.order(), o.seasonalOrder(), season);
      case "auto" -> new ModelSpec.Auto(season);
      default -> throw new IllegalStateException(o.model());
    };
  }

  private static int dayInSteps(Duration step) {
    long day = Duration.ofDays(1).toMillis();
    if (day % step.toMillis() != 0 || day / step.toMillis() < 2) {
      throw new UsageException(
          "--season is required: one day is not a whole number (>= 2) of steps of "
              + Durations.format(step)
              + " (give the season in steps, e.g. --season=24)");
    }
    return (int) (day / step.toMillis());
  }

  private static int steps(String name, Duration d, Duration step) {
    if (d.toMillis() % step.toMillis() != 0 || d.compareTo(step) < 0) {
      throw BacktestOptions.invalid(
          name, Durations.format(d), "a whole number of steps of " + Durations.format(step));
    }
    return Math.toIntExact(d.toMillis() / step.toMillis());
  }
}
