package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.testing.ConstantModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  // n = 9, window 4, season 2, horizon = stride = 2, first origin floor(0.5 * 9) = 4: origins 4, 6.
  // Origin 4: train [0, 0, 1, 5], scale (|1-0| + |5-0|) / 2 = 3; actuals 2, 6.
  // Origin 6: train [1, 5, 2, 6], scale (|2-1| + |6-5|) / 2 = 1; actuals 9, 13.
  private static final TimeSeries SERIES = series(0, 0, 1, 5, 2, 6, 9, 13, 8);
  private static final AccuracyProtocol PROTOCOL = new AccuracyProtocol(2, 4, 2, 2, 0.5);

  @Test
  void scoresEveryOriginAgainstItsOwnScale() {
    PrimitiveIterator.OfLong clock = LongStream.of(0, 1_000_000, 5_000_000, 8_000_000).iterator();

    AccuracyReport r = WalkForward.run(SERIES, new ConstantModel(10, 12), PROTOCOL, clock::next);

    assertThat(r.origins()).isEqualTo(2);
    assertThat(r.points()).isEqualTo(4);
    // errors 8, 4 (scale 3) and 1, 3 (scale 1)
    assertThat(r.mase()).isCloseTo((8 / 3.0 + 4 / 3.0 + 1 + 3) / 4, within(1e-12)).isEqualTo(2.0);
    assertThat(r.mae()).isCloseTo(4.0, within(1e-12));
    assertThat(r.rmse()).isCloseTo(Math.sqrt((64 + 16 + 1 + 9) / 4.0), within(1e-12));
    assertThat(r.smape())
        .isCloseTo(
            (200 * 8 / 12.0 + 200 * 4 / 16.0 + 200 / 19.0 + 200 * 3 / 23.0) / 4, within(1e-9));
    // pinball at 0.9 of q = 12: 0.1·10, 0.1·6, 0.1·3 below the quantile, 0.9·1 above it
    assertThat(r.pinball90()).hasValueCloseTo((1.0 + 0.6 + 0.3 + 0.9) / 4, within(1e-12));
    assertThat(r.scaledPinball90())
        .hasValueCloseTo((1.0 / 3 + 0.6 / 3 + 0.3 + 0.9) / 4, within(1e-12));
    assertThat(r.coverage90()).hasValueCloseTo(0.75, within(1e-12));
    assertThat(r.medianFitMillis()).isEqualTo(2.0); // fits took 1 ms and 3 ms
    assertThat(r.descriptions()).containsExactly(Map.entry("constant", 2));
  }

  @Test
  void leavesPinballEmptyForAModelWithoutQuantiles() {
    AccuracyReport r =
        WalkForward.run(SERIES, new ConstantModel(10, Double.NaN), PROTOCOL, () -> 0);

    assertThat(r.pinball90()).isEmpty();
    assertThat(r.scaledPinball90()).isEmpty();
    assertThat(r.coverage90()).isEmpty();
    assertThat(r.mase()).isEqualTo(2.0);
  }

  @Test
  void countsAZeroForecastOfZeroAsExactInSmape() {
    TimeSeries s = series(1, 2, 3, 4, 0, 0);
    AccuracyProtocol p = new AccuracyProtocol(2, 4, 1, 2, 0.5);

    AccuracyReport r = WalkForward.run(s, new ConstantModel(0, Double.NaN), p, () -> 0);

    assertThat(r.origins()).isEqualTo(1);
    assertThat(r.smape()).isZero();
    assertThat(r.mase()).isZero();
  }

  @Test
  void scaleIsTheMeanAbsoluteSeasonalDifferenceOfTheWindow() {
    assertThat(WalkForward.scale(series(1, 5, 2, 6, 10), 2)).isEqualTo((1 + 1 + 8) / 3.0);
  }

  @Test
  void refusesASeriesThatLeavesNoOriginOrHasNoScale() {
    assertThatThrownBy(
            () -> WalkForward.run(series(1, 2, 3), new ConstantModel(1, 1), PROTOCOL, () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no origin");
    assertThatThrownBy(
            () ->
                WalkForward.run(
                    series(5, 5, 5, 5, 5, 5, 5, 5, 5), new ConstantModel(1, 1), PROTOCOL, () -> 0))
        .hasMessageContaining("MASE is undefined");
  }

  private static TimeSeries series(double... v) {
    return TimeSeries.of(START, Duration.ofMinutes(5), v);
  }
}
