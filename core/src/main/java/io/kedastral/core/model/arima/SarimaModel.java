package io.kedastral.core.model.arima;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.series.TimeSeries;
import java.util.List;
import java.util.Objects;

/**
 * Seasonal ARIMA{@code (p,d,q)(P,D,Q)[s]} ({@code MODEL=sarima}), any season length: the
 * multiplicative polynomials are kept sparse, so a season of 1440 steps costs a few terms, and when
 * the series is not seasonally differenced the seasonal mean pattern is carried by {@code K}
 * Fourier pairs chosen by AICc (dynamic harmonic regression). Method, parameters and measured
 * accuracy: {@code docs/models/sarima.md}.
 *
 * <ol>
 *   <li>{@code D}: as given, else 0 (measured: seasonal differencing of a 7-day window doubles the
 *       noise of the seasonal pattern; Fourier terms estimate it from all days at once).
 *   <li>{@code K} (when {@code D = 0}): 0 to {@value FourierSelection#MAX_K} by AICc ({@link
 *       FourierSelection}).
 *   <li>{@code d}: as given, else the KPSS test on what the seasonal part leaves.
 *   <li>{@code p, q} stepwise and {@code P, Q} in {0, 1} by AICc where not given ({@link
 *       OrderSearch}); coefficients by conditional sum of squares.
 *   <li>Quantiles as for {@link ArimaModel}, from {@code σ² Σ ψ_j²} of the full multiplicative
 *       model.
 * </ol>
 *
 * <p>Fallback chain: fewer than {@code 2s + }{@value ArimaModel#MIN_POINTS} points, or no seasonal
 * fit, runs {@link ArimaModel} with the non-seasonal orders and says why, e.g. {@code arima(1,1,0)
 * (sarima: less than 2 seasons)}; ARIMA in turn falls back to the last value. Stateless: an
 * instance holds only its spec.
 */
public final class SarimaModel implements ForecastModel {
  private final ModelSpec.Sarima spec;
  private final ArimaModel fallback;

  public SarimaModel(ModelSpec.Sarima spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.fallback = new ArimaModel(new ModelSpec.Arima(spec.order()));
  }

  @Override
  public String name() {
    return "sarima";
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
    ForecastModel.requireInput(history, horizon);
    int s = spec.season();
    double[] y = history.values();
    if (y.length < 2 * s + ArimaModel.MIN_POINTS) {
      return fallback.forecast(history, horizon, quantileLevels, "sarima: less than 2 seasons");
    }
    FittedArima fitted = fit(y, s);
    Forecast f = fitted == null ? null : fitted.forecast(y, horizon, quantileLevels, "");
    if (f == null) {
      return fallback.forecast(history, horizon, quantileLevels, "sarima: no seasonal fit");
    }
    return f;
  }

  private FittedArima fit(double[] y, int s) {
    OrderSpec order = spec.order();
    OrderSpec seasonal = spec.seasonalOrder();
    int sd = seasonal.d().orElse(0);
    int k = 0;
    if (sd == 0) {
      k = FourierSelection.choose(y, order.d().orElse(0), s);
    }
    int d = order.d().isPresent() ? order.d().getAsInt() : chooseD(y, sd, s, k);
    Orders base = new Orders(0, d, 0, 0, sd, 0, s, k);
    return FittedArima.fit(y, base, order.p(), order.q(), seasonal.p(), seasonal.q());
  }

  /** KPSS on the series after the seasonal part: seasonally differenced, or Fourier removed. */
  private static int chooseD(double[] y, int sd, int s, int k) {
    DifferencedSeries seasonalRemoved = DifferencedSeries.of(y, 0, sd, s, k);
    return seasonalRemoved == null ? 0 : Kpss.differences(seasonalRemoved.x());
  }
}
