package io.kedastral.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCleanerTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);

  private static Sample at(int minute, double v) {
    return new Sample(T0.plus(STEP.multipliedBy(minute)), v);
  }

  @Test
  void interpolatesGapsLinearly() {
    var r = SeriesCleaner.clean(List.of(at(0, 10), at(3, 40), at(4, 50)), STEP);
    assertThat(r.series()).isEqualTo(TimeSeries.of(T0, STEP, 10, 20, 30, 40, 50));
    assertThat(r.interpolated()).isEqualTo(2);
  }

  @Test
  void dropsNonFiniteSamplesAndFillsTheirPlace() {
    var r =
        SeriesCleaner.clean(
            List.of(
                at(0, 1),
                at(1, Double.NaN),
                at(2, 3),
                at(3, Double.POSITIVE_INFINITY),
                at(4, Double.NEGATIVE_INFINITY)),
            STEP);
    assertThat(r.series()).isEqualTo(TimeSeries.of(T0, STEP, 1, 2, 3));
    assertThat(r.nonFiniteDropped()).isEqualTo(3);
  }

  @Test
  void snapsToTheGridSortsAndAveragesDuplicates() {
    var r =
        SeriesCleaner.clean(
            List.of(
                new Sample(T0.plusSeconds(61), 4),
                new Sample(T0.plusSeconds(-2), 1),
                new Sample(T0.plusSeconds(3), 3),
                new Sample(T0.plusSeconds(119), 6)),
            STEP);
    assertThat(r.series()).isEqualTo(TimeSeries.of(T0, STEP, 2, 4, 6));
  }

  @Test
  void anEmptyOrAllNanInputGivesAnEmptySeries() {
    assertThat(SeriesCleaner.clean(List.of(), STEP).series().isEmpty()).isTrue();
    assertThat(SeriesCleaner.clean(List.of(at(0, Double.NaN)), STEP).series().isEmpty()).isTrue();
  }

  @Test
  void historyWindowKeepsOnlyTheWindowAndLetsTheLatestAnswerWin() {
    HistoryWindow w = new HistoryWindow(Duration.ofMinutes(3), STEP);
    w.merge(List.of(at(0, 1), at(1, 2), at(2, 3)));
    w.merge(List.of(at(2, 30), at(3, 4), at(4, 5)));
    assertThat(w.series().series())
        .isEqualTo(TimeSeries.of(T0.plus(STEP.multipliedBy(2)), STEP, 30, 4, 5));
    assertThat(w.newest()).isEqualTo(T0.plus(STEP.multipliedBy(4)));
    assertThat(w.size()).isEqualTo(3);
  }

  @Test
  void infersTheStepOfARecordedTraceFromTheMedianSpacing() {
    // out of order, one duplicate timestamp, one gap and a few milliseconds of drift
    var samples =
        List.of(
            new Sample(T0.plusMillis(300_004), 2),
            new Sample(T0, 1),
            new Sample(T0, 1),
            new Sample(T0.plusMillis(599_998), 3),
            new Sample(T0.plusSeconds(1500), 4));
    assertThat(SeriesCleaner.inferStep(samples)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void cannotInferAStepFromOneTimestamp() {
    var samples = List.of(at(0, 1), at(0, 2));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SeriesCleaner.inferStep(samples))
        .withMessageContaining("two distinct timestamps");
  }
}
