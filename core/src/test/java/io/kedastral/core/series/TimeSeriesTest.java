package io.kedastral.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.model.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);

  @Test
  void isImmutableAndKnowsItsTimes() {
    double[] raw = {1, 2, 3};
    TimeSeries s = TimeSeries.of(T0, STEP, raw);
    raw[0] = 99;
    s.values()[1] = 99;
    assertThat(s.values()).containsExactly(1, 2, 3);
    assertThat(s.end()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(s.last()).isEqualTo(3);
    assertThat(s.tail(2)).isEqualTo(TimeSeries.of(T0.plus(STEP), STEP, 2, 3));
    assertThat(s.stepsPerDay()).isEqualTo(288);
  }

  @Test
  void rejectsNonFiniteValuesAndNonPositiveSteps() {
    assertThatThrownBy(() -> TimeSeries.of(T0, STEP, 1, Double.NaN))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> TimeSeries.of(T0, Duration.ZERO, 1))
        .hasMessageContaining("step must be positive");
    assertThatThrownBy(() -> TimeSeries.empty(T0, STEP).last())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void forecastRejectsNonFiniteNumbersAndMismatchedQuantiles() {
    assertThatThrownBy(() -> Forecast.of("m", 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> Forecast.of("m")).hasMessageContaining("at least one value");
    assertThatThrownBy(() -> new Forecast("m", new double[] {1}, Map.of(0.9, new double[] {1, 2})))
        .hasMessageContaining("expected 1");
    assertThatThrownBy(() -> new Forecast("m", new double[] {1}, Map.of(1.0, new double[] {1})))
        .hasMessageContaining("(0, 1)");
    assertThat(Forecast.of("m", 1, 2)).isEqualTo(Forecast.of("m", 1, 2));
  }
}
