package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeasonalNaiveModelTest {
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void repeatsTheValuesOneSeasonAgoAndTheLastSeasonBeyondIt() {
    TimeSeries s = TimeSeries.of(START, Duration.ofMinutes(1), 9, 9, 1, 2, 3);

    Forecast f = new SeasonalNaiveModel(3).forecast(s, 5, List.of(0.9));

    assertThat(f).isEqualTo(Forecast.of("seasonal-naive[3]", 1, 2, 3, 1, 2));
  }

  @Test
  void usesOneDayInStepsByDefault() {
    double[] twoDays = new double[2 * 24];
    for (int i = 0; i < twoDays.length; i++) {
      twoDays[i] = i;
    }
    TimeSeries hourly = TimeSeries.of(START, Duration.ofHours(1), twoDays);

    Forecast f = new SeasonalNaiveModel().forecast(hourly, 2, List.of());

    assertThat(f).isEqualTo(Forecast.of("seasonal-naive[24]", 24, 25));
  }

  @Test
  void fallsBackToTheLastValueWithLessThanOneSeason() {
    TimeSeries s = TimeSeries.of(START, Duration.ofMinutes(1), 4, 7);

    Forecast f = new SeasonalNaiveModel(3).forecast(s, 2, List.of());

    assertThat(f).isEqualTo(Forecast.of("seasonal-naive(naive)", 7, 7));
  }

  @Test
  void rejectsASeasonShorterThanOneStep() {
    assertThatThrownBy(() -> new SeasonalNaiveModel(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("season");
  }
}
