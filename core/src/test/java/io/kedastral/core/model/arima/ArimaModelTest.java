package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.series.Sample;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ArimaModelTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final double[] NONE = {};

  private static ArimaModel arima(OrderSpec order) {
    return new ArimaModel(new ModelSpec.Arima(order));
  }

  @Test
  void isNamedArimaAndDescribesTheFittedOrders() {
    TimeSeries h =
        Simulated.series(
            MINUTE, Simulated.plus(50, Simulated.arma(1, 600, new double[] {0.5}, NONE, 1)));

    Forecast f = arima(OrderSpec.of(2, 1, 1)).forecast(h, 10, List.of());

    assertThat(arima(OrderSpec.chosen()).name()).isEqualTo("arima");
    assertThat(f.model()).isEqualTo("arima(2,1,1)");
    assertThat(f.horizon()).isEqualTo(10);
  }

  @Test
  void zeroIsAValidGivenOrder() {
    TimeSeries h =
        Simulated.series(MINUTE, Simulated.cumulative(Simulated.arma(2, 400, NONE, NONE, 1)));

    Forecast f = arima(OrderSpec.of(0, 1, 0)).forecast(h, 5, List.of());

    assertThat(f.model()).isEqualTo("arima(0,1,0)");
    // A random walk with drift: the last value plus h times the mean step.
    double drift = (h.last() - h.valueAt(0)) / (h.size() - 1);
    for (int i = 0; i < 5; i++) {
      assertThat(f.valueAt(i))
          .isCloseTo(h.last() + (i + 1) * drift, org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  @Test
  void choosesDifferencingByKpssAndOrdersByAicc() {
    TimeSeries walk =
        Simulated.series(
            MINUTE,
            Simulated.plus(
                1000, Simulated.cumulative(Simulated.arma(3, 1500, new double[] {0.6}, NONE, 1))));
    TimeSeries stationary =
        Simulated.series(
            MINUTE, Simulated.plus(1000, Simulated.arma(4, 1500, new double[] {0.6}, NONE, 1)));

    assertThat(arima(OrderSpec.chosen()).forecast(walk, 5, List.of()).model())
        .matches("arima\\(\\d,1,\\d\\)");
    assertThat(arima(OrderSpec.chosen()).forecast(stationary, 5, List.of()).model())
        .matches("arima\\([1-3],0,\\d\\)");
  }

  @Test
  void quantilesComeFromTheForecastErrorVarianceAndWidenWithTheHorizon() {
    TimeSeries h =
        Simulated.series(
            MINUTE,
            Simulated.plus(
                500, Simulated.cumulative(Simulated.arma(5, 1000, new double[] {0.3}, NONE, 2))));

    Forecast f = arima(OrderSpec.of(1, 1, 0)).forecast(h, 20, List.of(0.1, 0.5, 0.9));

    double[] lo = f.quantiles().get(0.1);
    double[] hi = f.quantiles().get(0.9);
    assertThat(f.quantiles()).containsOnlyKeys(0.1, 0.5, 0.9);
    for (int i = 0; i < 20; i++) {
      assertThat(lo[i]).isLessThan(f.valueAt(i));
      assertThat(hi[i]).isGreaterThan(f.valueAt(i));
      if (i > 0) {
        assertThat(hi[i] - lo[i]).isGreaterThan(hi[i - 1] - lo[i - 1]);
      }
    }
    // One step ahead the 80 % band of N(0, 2²) innovations is about ±1.28·2.
    assertThat(hi[0] - lo[0]).isBetween(4.0, 6.5);
  }

  @Test
  void fallsBackToTheLastValueWithTooShortAHistory() {
    TimeSeries h = Simulated.series(MINUTE, 1, 2, 3, 4, 5);

    Forecast f = arima(OrderSpec.chosen()).forecast(h, 3, List.of(0.9));

    assertThat(f.model()).isEqualTo("naive (arima: fewer than 16 points)");
    assertThat(f.values()).containsExactly(5, 5, 5);
    assertThat(f.quantiles()).isEmpty();
  }

  @Test
  void fallsBackWhenTheGivenOrdersNeedMoreHistory() {
    TimeSeries h = Simulated.series(MINUTE, Simulated.arma(6, 18, NONE, NONE, 1));

    Forecast f = arima(OrderSpec.of(5, 2, 5)).forecast(h, 3, List.of());

    assertThat(f.model()).isEqualTo("naive (arima: too short for the orders)");
  }

  @Test
  void handlesAConstantSeries() {
    double[] flat = new double[200];
    Arrays.fill(flat, 42);

    Forecast f =
        arima(OrderSpec.chosen()).forecast(Simulated.series(MINUTE, flat), 5, List.of(0.9));

    assertThat(f.values()).containsOnly(42);
    assertThat(f.quantiles().get(0.9)).containsOnly(42);
  }

  @Test
  void forecastsFiniteValuesFromACleanedSeriesWithGapsAndNaN() {
    double[] v = Simulated.plus(100, Simulated.arma(7, 500, new double[] {0.8}, NONE, 3));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      if (i % 37 == 5 || (i > 200 && i < 230)) {
        continue; // missing scrapes and a 30-minute outage
      }
      samples.add(
          new Sample(
              Simulated.START.plus(MINUTE.multipliedBy(i)), i % 53 == 0 ? Double.NaN : v[i]));
    }
    TimeSeries cleaned = SeriesCleaner.clean(samples, MINUTE).series();

    Forecast f = arima(OrderSpec.chosen()).forecast(cleaned, 30, List.of(0.9));

    assertThat(f.model()).startsWith("arima(");
    assertThat(Arrays.stream(f.values()).boxed().toList()).allMatch(Double::isFinite);
    assertThat(Arrays.stream(f.quantiles().get(0.9)).boxed().toList()).allMatch(Double::isFinite);
  }

  @Test
  void neverForecastsANonNegativeSeriesBelowZero() {
    double[] v = new double[300];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0, 300 - i * 1.2 + (i % 3));
    }

    Forecast f =
        arima(OrderSpec.of(0, 1, 0)).forecast(Simulated.series(MINUTE, v), 60, List.of(0.1));

    assertThat(Arrays.stream(f.values()).boxed().toList()).allMatch(x -> x >= 0);
    assertThat(Arrays.stream(f.quantiles().get(0.1)).boxed().toList()).allMatch(x -> x >= 0);
  }

  @Test
  void isAPureFunctionOfItsInput() {
    TimeSeries h =
        Simulated.series(
            MINUTE,
            Simulated.plus(10, Simulated.arma(8, 800, new double[] {0.5}, new double[] {0.2}, 1)));
    ArimaModel model = arima(OrderSpec.chosen());

    assertThat(model.forecast(h, 12, List.of(0.9))).isEqualTo(model.forecast(h, 12, List.of(0.9)));
    assertThatThrownBy(() -> model.forecast(h, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** AR(1) with φ = 0.9 over 30 steps: expected MAE about 0.8 of the last value's. */
  @Test
  void forecastsAnArProcessCloserThanTheLastValue() {
    double[] all = Simulated.plus(100, Simulated.arma(9, 5000, new double[] {0.9}, NONE, 1));
    ArimaModel model =
        arima(new OrderSpec(OptionalInt.of(1), OptionalInt.of(0), OptionalInt.of(0)));
    double arError = 0;
    double naiveError = 0;
    for (int origin = 1000; origin + 30 <= all.length; origin += 50) {
      TimeSeries h = Simulated.series(MINUTE, Arrays.copyOfRange(all, origin - 1000, origin));
      Forecast f = model.forecast(h, 30, List.of());
      for (int i = 0; i < 30; i++) {
        arError += Math.abs(all[origin + i] - f.valueAt(i));
        naiveError += Math.abs(all[origin + i] - h.last());
      }
    }

    assertThat(arError).isLessThan(0.9 * naiveError);
  }

  /**
   * A spike of 100 innovation standard deviations two steps before the end: the MA terms must not
   * carry it into the forecast (robust filter), and the coefficients must not be dragged by it
   * (winsorised estimation).
   */
  @Test
  void aSpikeAtTheEndDoesNotEchoThroughTheForecast() {
    double[] v =
        Simulated.plus(1000, Simulated.arma(10, 2000, new double[] {0.5}, new double[] {0.6}, 1));
    double[] spiked = v.clone();
    spiked[v.length - 2] += 100;
    OrderSpec order = OrderSpec.of(1, 0, 1);

    Forecast clean = arima(order).forecast(Simulated.series(MINUTE, v), 10, List.of());
    Forecast withSpike = arima(order).forecast(Simulated.series(MINUTE, spiked), 10, List.of());

    for (int i = 0; i < 10; i++) {
      // Unfiltered, θ·e and φ·x would move step 1 by about 0.6·0.5·100 + 0.5·0.6·100 = 60.
      assertThat(Math.abs(withSpike.valueAt(i) - clean.valueAt(i)))
          .as("step %d", i + 1)
          .isLessThan(5);
    }
  }

  @Test
  void winsorisingLeavesCleanDataAloneAndPullsSpikesIn() {
    double[] clean = {1, 2, 3, 2, 1, 2, 3, 2, 1};
    double[] spiky = {1, 2, 3, 2, 1, 2, 300, 2, 1};

    assertThat(DifferencedSeries.winsorised(clean)).isSameAs(clean);
    // median 2, MAD 1 -> bound 2 ± 4·1.4826
    assertThat(DifferencedSeries.winsorised(spiky)[6])
        .isCloseTo(2 + 4 * 1.4826, org.assertj.core.api.Assertions.within(1e-12));
  }

  /** 899 one-step errors support levels from 1/900 to 899/900; 0.0005 and 0.9995 have no basis. */
  @Test
  void leavesOutALevelBeyondItsSampleOfErrors() {
    TimeSeries h =
        Simulated.series(
            MINUTE, Simulated.plus(10, Simulated.arma(11, 900, new double[] {0.5}, NONE, 1)));

    Forecast f = arima(OrderSpec.of(1, 0, 0)).forecast(h, 3, List.of(0.0005, 0.01, 0.9, 0.9995));

    assertThat(f.quantiles()).containsOnlyKeys(0.01, 0.9);
  }
}
