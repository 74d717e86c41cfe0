package io.kedastral.core.model.arima;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.series.TimeSeries;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * ARIMA{@code (p,d,q)} with a mean ({@code d = 0}) or drift ({@code d = 1}) term ({@code
 * MODEL=arima}). Method, parameters and measured accuracy: {@code docs/models/arima.md}.
 *
 * <ol>
 *   <li>{@code d}, when not given: KPSS test at 5 %, differencing while it rejects (at most 2).
 *   <li>Mean or drift by least squares on the differenced series; ARMA coefficients by conditional
 *       sum of squares ({@link CssEstimator}), stationary and invertible by construction. Both are
 *       estimated with spikes winsorised, and forecasts start from a robustly filtered state
 *       ({@link DifferencedSeries}, {@link RobustFilter}).
 *   <li>{@code p, q}, when not given: stepwise AICc search ({@link OrderSearch}); 0 is a valid
 *       given order.
 *   <li>Quantiles: {@code ŷ + z·σ_h} with {@code σ_h² = σ² Σ ψ_j²}, which grows with the horizon,
 *       and {@code z} the empirical quantile of the standardised one-step errors ({@link
 *       ArimaForecaster}); a level beyond the sample of errors is left out.
 * </ol>
 *
 * <p>Fallback: fewer than {@value #MIN_POINTS} points, or no fit, gives the last value repeated,
 * described as {@code naive (arima: <reason>)}, without quantiles. A series never negative in the
 * window is never forecast negative. Stateless: an instance holds only its spec.
 */
public final class ArimaModel implements ForecastModel {
  /** Fewest points for a fit; below, the last value is repeated. */
  public static final int MIN_POINTS = 16;

  private final ModelSpec.Arima spec;

  public ArimaModel(ModelSpec.Arima spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String name() {
    return "arima";
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    return forecast(history, horizon, quantileLevels, "");
  }

  /**
   * The forecast with {@code why}, the reason another model fell back to this one (e.g. {@code
   * sarima: less than 2 seasons}), in parentheses after the description; empty for none.
   */
  Forecast forecast(TimeSeries history, int horizon, List<Double> levels, String why) {
    ForecastModel.requireInput(history, horizon);
    double[] y = history.values();
    if (y.length < MIN_POINTS) {
      return naive(y, horizon, why, "fewer than " + MIN_POINTS + " points");
    }
    OrderSpec order = spec.order();
    int d = order.d().isPresent() ? order.d().getAsInt() : Kpss.differences(y);
    FittedArima fitted =
        FittedArima.fit(
            y,
            Orders.arima(0, d, 0),
            order.p(),
            order.q(),
            OptionalInt.empty(),
            OptionalInt.empty());
    if (fitted == null) {
      return naive(y, horizon, why, "too short for the orders");
    }
    Forecast f = fitted.forecast(y, horizon, levels, why.isEmpty() ? "" : " (" + why + ")");
    return f != null ? f : naive(y, horizon, why, "non-finite forecast");
  }

  private static Forecast naive(double[] y, int horizon, String earlier, String why) {
    String reason = (earlier.isEmpty() ? "" : earlier + "; ") + "arima: " + why;
    return FittedArima.Results.lastValue(y, horizon, reason);
  }
}
