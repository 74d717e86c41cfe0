package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveModelTest {
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void repeatsTheLastValueWithoutQuantiles() {
    TimeSeries s = TimeSeries.of(START, Duration.ofMinutes(1), 3, 1, 4, 1, 5);

    Forecast f = new NaiveModel().forecast(s, 3, List.of(0.9));

    assertThat(f).isEqualTo(Forecast.of("naive", 5, 5, 5));
    assertThat(new NaiveModel().name()).isEqualTo("naive");
  }

  @Test
  void rejectsAnEmptyHistory() {
    assertThatThrownBy(
            () ->
                new NaiveModel()
                    .forecast(TimeSeries.empty(START, Duration.ofMinutes(1)), 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
