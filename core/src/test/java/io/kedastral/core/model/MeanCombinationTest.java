package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeanCombinationTest {
  private static final TimeSeries HISTORY =
      TimeSeries.of(Instant.parse("2026-11-02T00:00:00Z"), Duration.ofMinutes(5), 1, 2, 3, 4);

  /** Forecasts fixed values and quantiles, whatever the history. */
  private record Canned(String name, Forecast forecast) implements ForecastModel {
    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
      return forecast;
    }
  }

  @Test
  void averagesPointsAndTheQuantilesEveryMemberGives() {
    var a =
        new Canned(
            "a",
            new Forecast(
                "a(x)",
                new double[] {10, 20},
                Map.of(0.9, new double[] {14, 26}, 0.5, new double[] {10, 20})));
    var b =
        new Canned(
            "b", new Forecast("b(y)", new double[] {30, 40}, Map.of(0.9, new double[] {40, 60})));

    Forecast f = new MeanCombination(List.of(a, b)).forecast(HISTORY, 2, List.of(0.5, 0.9));

    assertThat(f.model()).isEqualTo("mean(a(x),b(y))");
    assertThat(f.values()).containsExactly(20, 30);
    assertThat(f.quantiles()).containsOnlyKeys(0.9); // b gives no 0.5: left out
    assertThat(f.quantiles().get(0.9)).containsExactly(27, 43);
  }

  @Test
  void hasNoQuantilesWhenAMemberHasNone() {
    var a = new Canned("a", new Forecast("a", new double[] {1}, Map.of(0.9, new double[] {2})));
    var naive = new NaiveModel();

    Forecast f = new MeanCombination(List.of(a, naive)).forecast(HISTORY, 1, List.of(0.9));

    assertThat(f.values()).containsExactly(2.5); // mean of 1 and the last value, 4
    assertThat(f.quantiles()).isEmpty();
  }

  @Test
  void isNamedAfterItsMembersAndNeedsTwoDistinctOnes() {
    assertThat(new MeanCombination(List.of(new BaselineModel(), new NaiveModel())).name())
        .isEqualTo("mean(baseline,naive)");
    assertThatThrownBy(() -> new MeanCombination(List.of(new NaiveModel())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two");
    assertThatThrownBy(() -> new MeanCombination(List.of(new NaiveModel(), new NaiveModel())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unique");
  }
}
