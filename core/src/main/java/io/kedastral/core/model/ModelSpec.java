package io.kedastral.core.model;

import java.util.Objects;

/**
 * The forecasting methods an operator can choose ({@code MODEL}, the backtest's {@code --model}),
 * with their settings resolved: seasons are in steps, already computed from the step by the caller.
 * A closed set; each app turns a spec into a {@link ForecastModel}.
 */
public sealed interface ModelSpec {

  /** The {@code MODEL} value this spec answers to. */
  String name();

  /** The robust seasonal-profile baseline ({@code MODEL=baseline}). */
  record Baseline() implements ModelSpec {
    @Override
    public String name() {
      return "baseline";
    }
  }

  /** The value one season earlier ({@code --model=snaive}). */
  record SeasonalNaive(int season) implements ModelSpec {
    public SeasonalNaive {
      requireSeason(season);
    }

    @Override
    public String name() {
      return "snaive";
    }
  }

  /** ARIMA(p,d,q) with a mean or drift term ({@code MODEL=arima}). */
  record Arima(OrderSpec order) implements ModelSpec {
    public Arima {
      Objects.requireNonNull(order, "order");
    }

    @Override
    public String name() {
      return "arima";
    }
  }

  /** SARIMA(p,d,q)(P,D,Q)[s] ({@code MODEL=sarima}). */
  record Sarima(OrderSpec order, OrderSpec seasonalOrder, int season) implements ModelSpec {
    public Sarima {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(seasonalOrder, "seasonalOrder");
      requireSeason(season);
    }

    @Override
    public String name() {
      return "sarima";
    }
  }

  /**
   * Chooses among the other methods per workload by a rolling-origin backtest ({@code MODEL=auto}).
   */
  record Auto(int season) implements ModelSpec {
    public Auto {
      requireSeason(season);
    }

    @Override
    public String name() {
      return "auto";
    }
  }

  private static void requireSeason(int season) {
    if (season < 2) {
      throw new IllegalArgumentException("season must be at least 2 steps, was " + season);
    }
  }
}
