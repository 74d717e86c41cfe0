package io.kedastral.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.snapshot.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForecastingTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);

  /** Forecasts 1, 2, 3, ... with p90 = value + 10, and records the horizon it was asked for. */
  static final class CountingModel implements ForecastModel {
    int askedHorizon;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> levels) {
      askedHorizon = horizon;
      double[] v = IntStream.rangeClosed(1, horizon).asDoubleStream().toArray();
      double[] q = IntStream.rangeClosed(11, 10 + horizon).asDoubleStream().toArray();
      return new Forecast("counting", v, Map.of(0.9, q));
    }
  }

  @Test
  void skipsTheStepsAlreadyInThePast() {
    TimeSeries history = TimeSeries.of(T0, STEP, 5, 5, 5); // last point at 10:02
    CountingModel model = new CountingModel();
    Forecast f =
        Forecasting.forecastAfter(model, history, T0.plusSeconds(4 * 60 + 30), 3, List.of(0.9));
    // now = 10:04:30: two whole steps elapsed since 10:02 -> model asked for 5, first 2 dropped.
    assertThat(model.askedHorizon).isEqualTo(5);
    assertThat(f.values()).containsExactly(3, 4, 5);
    assertThat(f.quantiles().get(0.9)).containsExactly(13, 14, 15);
  }

  @Test
  void forecastsDirectlyWhenHistoryIsFresh() {
    TimeSeries history = TimeSeries.of(T0, STEP, 5, 5);
    Forecast f =
        Forecasting.forecastAfter(new CountingModel(), history, T0.plusSeconds(70), 2, List.of());
    assertThat(f.values()).containsExactly(1, 2);
  }

  @Test
  void buildsTheSnapshotWithContractKeys() {
    Forecast f =
        new Forecast("baseline(daily)", new double[] {1.5, 2.5}, Map.of(0.9, new double[] {2, 3}));
    Snapshot s = Forecasting.snapshot("api", "rps", T0, STEP, f, new int[] {1, 2});
    assertThat(s.stepSeconds()).isEqualTo(60);
    assertThat(s.horizonSeconds()).isEqualTo(120);
    assertThat(s.values()).containsExactly(1.5, 2.5);
    assertThat(s.desiredReplicas()).containsExactly(1, 2);
    assertThat(s.model()).isEqualTo("baseline(daily)");
    assertThat(s.quantiles()).containsOnlyKeys("0.9");
  }

  @Test
  void quantileKeysArePlainDecimals() {
    assertThat(Forecasting.levelKey(0.9)).isEqualTo("0.9");
    assertThat(Forecasting.levelKey(0.95)).isEqualTo("0.95");
    assertThat(Forecasting.levelKey(0.5)).isEqualTo("0.5");
  }
}
