package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.model.SeasonalNaiveModel;
import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarimaModelTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static SarimaModel sarima(OrderSpec order, OrderSpec seasonal, int s) {
    return new SarimaModel(new ModelSpec.Sarima(order, seasonal, s));
  }

  @Test
  void isNamedSarimaAndDescribesTheFittedOrders() {
    TimeSeries h = Simulated.series(HOUR, Simulated.daily(1, 14, 24));

    Forecast given =
        sarima(OrderSpec.of(1, 0, 1), OrderSpec.of(0, 1, 1), 24).forecast(h, 24, List.of(0.9));
    Forecast chosen =
        sarima(OrderSpec.chosen(), OrderSpec.chosen(), 24).forecast(h, 24, List.of(0.9));

    assertThat(sarima(OrderSpec.chosen(), OrderSpec.chosen(), 24).name()).isEqualTo("sarima");
    assertThat(given.model()).isEqualTo("sarima(1,0,1)(0,1,1)[24]");
    assertThat(chosen.model())
        .matches("sarima\\(\\d,\\d,\\d\\)\\([01],0,[01]\\)\\[24\\]\\+fourier\\(\\d\\)");
    assertThat(chosen.quantiles()).containsOnlyKeys(0.9);
  }

  @Test
  void followsTheDailyPatternBetterThanSeasonalNaive() {
    double[] all = Simulated.daily(2, 28, 24);
    SarimaModel model = sarima(OrderSpec.chosen(), OrderSpec.chosen(), 24);
    SeasonalNaiveModel snaive = new SeasonalNaiveModel(24);
    double error = 0;
    double snaiveError = 0;
    for (int origin = 14 * 24; origin + 12 <= all.length; origin += 12) {
      TimeSeries h = Simulated.series(HOUR, Arrays.copyOfRange(all, origin - 14 * 24, origin));
      double[] f = model.forecast(h, 12, List.of()).values();
      double[] s = snaive.forecast(h, 12, List.of()).values();
      for (int i = 0; i < 12; i++) {
        error += Math.abs(all[origin + i] - f[i]);
        snaiveError += Math.abs(all[origin + i] - s[i]);
      }
    }

    assertThat(error).isLessThan(0.8 * snaiveError);
  }

  @Test
  void handlesADailySeasonOf1440StepsOnSevenDaysAtOneMinute() {
    TimeSeries h = Simulated.series(MINUTE, Simulated.daily(3, 7, 1440));

    Forecast dhr =
        sarima(OrderSpec.chosen(), OrderSpec.chosen(), 1440).forecast(h, 30, List.of(0.9));
    Forecast differenced =
        sarima(OrderSpec.of(1, 0, 1), OrderSpec.of(0, 1, 1), 1440).forecast(h, 30, List.of(0.9));

    assertThat(dhr.model()).startsWith("sarima(").contains(")[1440]");
    assertThat(differenced.model()).isEqualTo("sarima(1,0,1)(0,1,1)[1440]");
    for (Forecast f : List.of(dhr, differenced)) {
      // The pattern at the next 30 minutes: 300 + 100 sin(2π i / 1440) with AR(1) noise of sd 14.
      for (int i = 0; i < 30; i++) {
        double truth = 300 + 100 * Math.sin(2 * Math.PI * (h.size() + i) / 1440);
        assertThat(f.valueAt(i)).as(f.model()).isBetween(truth - 60, truth + 60);
      }
      assertThat(Arrays.stream(f.quantiles().get(0.9)).boxed().toList()).allMatch(Double::isFinite);
    }
  }

  @Test
  void fallsBackToArimaWithLessThanTwoSeasons() {
    TimeSeries h = Simulated.series(HOUR, Simulated.daily(4, 1, 24));
    double[] forty = Arrays.copyOf(Simulated.daily(4, 2, 24), 40);

    Forecast f = sarima(OrderSpec.of(1, 1, 0), OrderSpec.chosen(), 24).forecast(h, 6, List.of(0.9));
    Forecast almost =
        sarima(OrderSpec.of(1, 1, 0), OrderSpec.chosen(), 24)
            .forecast(Simulated.series(HOUR, forty), 6, List.of());

    assertThat(f.model()).isEqualTo("arima(1,1,0) (sarima: less than 2 seasons)");
    assertThat(f.quantiles()).containsOnlyKeys(0.9);
    assertThat(almost.model()).isEqualTo("arima(1,1,0) (sarima: less than 2 seasons)");
  }

  @Test
  void fallsBackToTheLastValueWhenArimaCannotFitEither() {
    TimeSeries h = Simulated.series(MINUTE, 3, 1, 4, 1, 5, 9, 2, 6);

    Forecast f = sarima(OrderSpec.chosen(), OrderSpec.chosen(), 1440).forecast(h, 2, List.of(0.9));

    assertThat(f.model())
        .isEqualTo("naive (sarima: less than 2 seasons; arima: fewer than 16 points)");
    assertThat(f.values()).containsExactly(6, 6);
    assertThat(f.quantiles()).isEmpty();
  }

  @Test
  void keepsNoHistoryBetweenCalls() {
    SarimaModel model = sarima(OrderSpec.chosen(), OrderSpec.chosen(), 24);
    TimeSeries a = Simulated.series(HOUR, Simulated.daily(5, 10, 24));
    TimeSeries b = Simulated.series(HOUR, Simulated.daily(6, 10, 24));

    Forecast first = model.forecast(a, 12, List.of(0.9));
    model.forecast(b, 12, List.of(0.9));

    assertThat(model.forecast(a, 12, List.of(0.9))).isEqualTo(first);
  }
}
