package io.kedastral.core.model.arima;

import io.kedastral.core.model.Forecast;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One estimated model: its orders, the prepared (differenced, regression-removed) series, the ARMA
 * fit (estimated on the winsorised series) and the filtered state of the raw series that forecasts
 * start from. Lives only for one call of a model's {@code forecast}; models keep no history.
 */
record FittedArima(Orders orders, DifferencedSeries prepared, ArmaFit fit, RobustFilter state) {

  /**
   * Prepares {@code y} for {@code base}'s differencing, season and Fourier pairs and fits the ARMA
   * part: the given orders as they are, the open ones (empty optionals) chosen by {@link
   * OrderSearch}.
   *
   * @return the fitted model, or null when the series is too short or no fit succeeds
   */
  static FittedArima fit(
      double[] y, Orders base, OptionalInt p, OptionalInt q, OptionalInt sp, OptionalInt sq) {
    DifferencedSeries prepared = DifferencedSeries.of(y, base.d(), base.sd(), base.s(), base.k());
    if (prepared == null) {
      return null;
    }
    boolean seasonalGiven = !base.seasonal() || sp.isPresent() && sq.isPresent();
    if (p.isPresent() && q.isPresent() && seasonalGiven) {
      Orders o =
          base.withArma(p.getAsInt(), q.getAsInt()).withSeasonalArma(sp.orElse(0), sq.orElse(0));
      return forecasting(o, prepared, CssEstimator.fit(prepared.robust(), o, o.arLag()));
    }
    OrderSearch.Result r = OrderSearch.search(prepared, base, p, q, sp, sq);
    return r == null ? null : forecasting(r.orders(), prepared, r.fit());
  }

  /** The fit with the filtered state of the raw series, to forecast from. */
  private static FittedArima forecasting(Orders o, DifferencedSeries prepared, ArmaFit estimated) {
    if (estimated == null) {
      return null;
    }
    RobustFilter state = RobustFilter.run(prepared.x(), estimated, o.arLag());
    return state == null ? null : new FittedArima(o, prepared, estimated, state);
  }

  /**
   * The forecast, described by the orders (and {@code suffix}, e.g. why a fallback ran); null when
   * it came out non-finite, so the caller can fall back.
   */
  Forecast forecast(double[] y, int horizon, List<Double> levels, String suffix) {
    ArimaForecaster.Prediction p = ArimaForecaster.forecast(y, this, horizon, levels);
    return Results.finish(orders.describe() + suffix, y, p.point(), p.quantiles());
  }

  /** How forecasts are finished and how the last resort looks. */
  static final class Results {
    private Results() {}

    /**
     * The forecast with values and quantiles clamped at 0 when {@code y} was never negative
     * (request rates, CPU and bytes cannot be); null if anything is not finite.
     */
    static Forecast finish(
        String model, double[] y, double[] point, Map<Double, double[]> quantiles) {
      if (!allFinite(point) || !quantiles.values().stream().allMatch(Results::allFinite)) {
        return null;
      }
      if (Arrays.stream(y).min().orElse(0) >= 0) {
        clampAtZero(point);
        quantiles.values().forEach(Results::clampAtZero);
      }
      return new Forecast(model, point, quantiles);
    }

    /** The last value repeated, no quantiles: {@code naive (arima: <reason>)}. */
    static Forecast lastValue(double[] y, int horizon, String why) {
      double[] v = new double[horizon];
      Arrays.fill(v, y[y.length - 1]);
      return Forecast.of("naive (" + why + ")", v);
    }

    private static boolean allFinite(double[] a) {
      return Arrays.stream(a).allMatch(Double::isFinite);
    }

    private static void clampAtZero(double[] a) {
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.max(0, a[i]);
      }
    }
  }
}
