package io.kedastral.forecaster.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.series.Sample;
import io.kedastral.core.series.TraceCsv;
import io.kedastral.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayMetricSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final List<Sample> TRACE =
      TraceCsv.parse(
          List.of(
              "timestamp,value",
              "2015-01-01 00:00:00,1",
              "2015-01-01 00:05:00,2",
              "2015-01-01 00:10:00,3",
              "2015-01-01 00:15:00,4"));

  @Test
  void endsTheTraceAtStartUpTimeAndKeepsItsSpacing() {
    ReplayMetricSource replay = new ReplayMetricSource(TRACE, new MutableClock(NOW));
    assertThat(replay.spacing()).isEqualTo(Duration.ofMinutes(5));
    List<Sample> s = replay.fetch(NOW.minus(Duration.ofHours(1)), NOW, Duration.ofMinutes(1));
    assertThat(s)
        .containsExactly(
            new Sample(NOW.minus(Duration.ofMinutes(15)), 1),
            new Sample(NOW.minus(Duration.ofMinutes(10)), 2),
            new Sample(NOW.minus(Duration.ofMinutes(5)), 3),
            new Sample(NOW, 4));
  }

  @Test
  void playsOnInRealTimeStartingOverWhenTheTraceRunsOut() {
    MutableClock clock = new MutableClock(NOW);
    ReplayMetricSource replay = new ReplayMetricSource(TRACE, clock);
    assertThat(
            replay.fetch(NOW.plusSeconds(1), NOW.plus(Duration.ofHours(1)), Duration.ofMinutes(5)))
        .as("nothing from the future")
        .isEmpty();
    clock.advance(Duration.ofMinutes(12));
    assertThat(
            replay.fetch(NOW.plusSeconds(1), NOW.plus(Duration.ofHours(1)), Duration.ofMinutes(5)))
        .containsExactly(
            new Sample(NOW.plus(Duration.ofMinutes(5)), 1),
            new Sample(NOW.plus(Duration.ofMinutes(10)), 2));
  }

  @Test
  void needsAtLeastTwoPoints() {
    assertThatThrownBy(() -> new ReplayMetricSource(TRACE.subList(0, 1), new MutableClock(NOW)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
