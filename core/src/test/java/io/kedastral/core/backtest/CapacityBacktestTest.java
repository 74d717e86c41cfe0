package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.model.NaiveModel;
import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CapacityBacktestTest {
  private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);
  // a load that jumps from 1 to 2.5 pods' worth at index 5 and falls back at index 8
  private static final TimeSeries SERIES =
      TimeSeries.of(START, STEP, 100, 100, 100, 100, 100, 250, 250, 250, 100, 100);
  private static final long[] TICKS = {0};

  private static long tick() {
    return TICKS[0] += 1_000_000;
  }

  private static CapacityPolicy policy(double upMaxFactor, int leadSteps) {
    return new CapacityPolicy(100, 1, 0, 1, 10, upMaxFactor, 100, 0, false, leadSteps);
  }

  @Test
  void runsTheReplicasPlannedOneLeadTimeEarlierThroughTheRealPlanner() {
    // origins 4, 6, 8; the last value as forecast; growth limited to ×2 per step
    AccuracyProtocol protocol = new AccuracyProtocol(2, 3, 2, 2, 0);
    List<Integer> progress = new ArrayList<>();

    CapacityReport r =
        CapacityBacktest.run(
            SERIES,
            new NaiveModel(),
            protocol,
            policy(2, 1),
            CapacityBacktestTest::tick,
            (done, total) -> progress.add(done * 10 + total));

    CapacityTimeline t = r.timeline();
    assertThat(t.start()).isEqualTo(SERIES.timeAt(4));
    assertThat(t.actual()).containsExactly(100, 250, 250, 250, 100, 100);
    assertThat(t.forecast()).containsExactly(100, 100, 250, 250, 250, 250);
    assertThat(t.needed()).containsExactly(1, 3, 3, 3, 1, 1);
    // plans: o=4 [1,1]; o=6 [2,3] (×2 from 1, then 3); o=8 [3,3]
    assertThat(t.forecastReplicas()).containsExactly(1, 1, 2, 3, 3, 3);
    assertThat(t.reactiveReplicas()).containsExactly(1, 1, 3, 3, 3, 1);
    assertThat(t.oracleReplicas()).containsExactly(1, 3, 3, 3, 1, 1);
    assertThat(r.forecast())
        .isEqualTo(new CapacityFigures("forecast", 6, 2, 2 / 6.0, 4 / 6.0, 13 / 6.0));
    assertThat(r.reactive())
        .isEqualTo(new CapacityFigures("reactive", 6, 1, 1 / 6.0, 2 / 6.0, 12 / 6.0));
    assertThat(r.oracle()).isEqualTo(new CapacityFigures("oracle", 6, 0, 0, 0, 12 / 6.0));
    assertThat(progress).containsExactly(13, 23, 33);
    assertThat(r.accuracy().origins()).isEqualTo(3);
    assertThat(r.accuracy().mae()).isEqualTo(450 / 6.0);
  }

  @Test
  void takesTheMaximumOfThePlanOverTheLeadWindow() {
    // horizon 3, lead 2 steps: origins 4 and 6; the plan of o is acted on from t = o + 1
    AccuracyProtocol protocol = new AccuracyProtocol(3, 3, 2, 2, 0);

    CapacityReport r =
        CapacityBacktest.run(
            SERIES,
            new NaiveModel(),
            protocol,
            policy(10, 2),
            CapacityBacktestTest::tick,
            CapacityBacktest.Progress.NONE);

    CapacityTimeline t = r.timeline();
    assertThat(t.start()).isEqualTo(SERIES.timeAt(5));
    assertThat(t.forecastReplicas()).containsExactly(1, 1, 3, 3);
    assertThat(t.reactiveReplicas()).containsExactly(1, 1, 3, 3);
    assertThat(t.needed()).containsExactly(3, 3, 3, 1);
  }

  @Test
  void writesOneForecastPointPerOriginAndStep() {
    CapacityReport r =
        CapacityBacktest.run(
            SERIES,
            new NaiveModel(),
            new AccuracyProtocol(2, 3, 2, 2, 0),
            policy(2, 1),
            CapacityBacktestTest::tick,
            CapacityBacktest.Progress.NONE);

    assertThat(r.points()).hasSize(6);
    assertThat(r.points().get(2))
        .isEqualTo(
            new ForecastPoint(
                SERIES.timeAt(5), SERIES.timeAt(6), 1, 250, 250, OptionalDouble.empty()));
    assertThat(r.points().get(3).horizonStep()).isEqualTo(2);
  }

  @Test
  void rejectsAStrideAndLeadTimeThatLeaveStepsWithoutAPlan() {
    assertThatThrownBy(
            () ->
                CapacityBacktest.run(
                    SERIES,
                    new NaiveModel(),
                    new AccuracyProtocol(2, 3, 2, 2, 0),
                    policy(2, 2),
                    CapacityBacktestTest::tick,
                    CapacityBacktest.Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must fit in the horizon");
  }
}
