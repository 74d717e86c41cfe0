package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kedastral.core.backtest.AccuracyProtocol;
import io.kedastral.core.backtest.AccuracyReport;
import io.kedastral.core.backtest.WalkForward;
import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class BaselineModelTest {
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z"); // a Monday
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final int DAY = 288;
  private static final List<Double> P90 = List.of(0.9);

  private final BaselineModel model = new BaselineModel();

  @Test
  void forecastsAFlatSeriesExactly() {
    Forecast f = model.forecast(series(7 * DAY, i -> 42.0), 12, List.of(0.1, 0.9));

    assertThat(f.model()).isEqualTo("baseline(daily)");
    assertThat(list(f.values())).allSatisfy(v -> assertThat(v).isCloseTo(42.0, within(1e-9)));
    assertThat(list(f.quantiles().get(0.9)))
        .allSatisfy(v -> assertThat(v).isCloseTo(42, within(1e-9)));
    assertThat(list(f.quantiles().get(0.1)))
        .allSatisfy(v -> assertThat(v).isCloseTo(42, within(1e-9)));
  }

  @Test
  void followsALinearTrendCloserThanTheLastValue() {
    Random rnd = new Random(7);
    TimeSeries ramp = series(10 * DAY, i -> 100 + 0.1 * i + rnd.nextGaussian());
    AccuracyProtocol protocol = new AccuracyProtocol(12, 7 * DAY, 12, DAY, 0.7);

    AccuracyReport baseline = WalkForward.run(ramp, model, protocol, () -> 0L);
    AccuracyReport naive = WalkForward.run(ramp, new NaiveModel(), protocol, () -> 0L);

    // One-step noise is N(0, 1): a forecast on the true line has a mean absolute error of 0.80.
    assertThat(baseline.mae()).isLessThan(0.9).isLessThan(naive.mae() * 0.8);
  }

  @Test
  void learnsTheDailyPatternUnderNoise() {
    Random rnd = new Random(11);
    IntToDoubleFunction truth = dailySine(500, 200);
    int n = 7 * DAY + DAY / 4; // ends on the steep part of the rise
    TimeSeries history = series(n, i -> truth.applyAsDouble(i) + 10 * rnd.nextGaussian());

    Forecast f = model.forecast(history, 12, P90);

    assertThat(f.model()).isEqualTo("baseline(daily)");
    double baseline = maeAgainst(truth, n, f.values());
    double naive = maeAgainst(truth, n, new NaiveModel().forecast(history, 12, P90).values());
    double seasonal =
        maeAgainst(truth, n, new SeasonalNaiveModel().forecast(history, 12, P90).values());
    assertThat(baseline).isLessThan(5).isLessThan(naive / 3).isLessThan(seasonal / 2);
  }

  @Test
  void aSpikeOnOneDayDoesNotDominateTheProfile() {
    Random rnd = new Random(3);
    IntToDoubleFunction truth = dailySine(500, 200);
    int n = 7 * DAY;
    int spikeStart = 4 * DAY + 2; // three days ago, at the time of day about to be forecast
    TimeSeries history =
        series(
            n,
            i ->
                truth.applyAsDouble(i)
                    + 5 * rnd.nextGaussian()
                    + (i >= spikeStart && i < spikeStart + 6 ? 20_000 : 0));

    Forecast f = model.forecast(history, 12, P90);

    assertThat(maeAgainst(truth, n, f.values())).isLessThan(10);
    assertThat(list(f.quantiles().get(0.9))).allSatisfy(q -> assertThat(q).isLessThan(800));
  }

  @Test
  void fallsBackToLevelWithLessThanTwoDaysOfHistory() {
    Random rnd = new Random(5);
    TimeSeries history = series(DAY, i -> 80 + rnd.nextGaussian());

    Forecast f = model.forecast(history, 12, P90);

    assertThat(f.model()).isEqualTo("baseline(level)");
    assertThat(list(f.values())).allSatisfy(v -> assertThat(v).isCloseTo(80, within(1.5)));
    assertThat(f.quantiles()).containsKey(0.9);
  }

  @Test
  void repeatsTheLastValueWithoutQuantilesWhenHistoryIsTiny() {
    Forecast f = model.forecast(series(10, i -> i), 3, P90);

    assertThat(f.model()).isEqualTo("baseline(last-value)");
    assertThat(f.values()).containsExactly(9, 9, 9);
    assertThat(f.quantiles()).isEmpty();
  }

  @Test
  void givesNoQuantilesWhenTooFewRollingOriginsCoverTheHorizon() {
    Forecast f = model.forecast(series(20, i -> i % 3), 5, P90);

    assertThat(f.model()).isEqualTo("baseline(level)");
    assertThat(f.horizon()).isEqualTo(5);
    assertThat(f.quantiles()).isEmpty();
  }

  @Test
  void leavesOutALevelTooExtremeForTheNumberOfErrors() {
    // 2 days of validation at 30-minute steps, horizon 4: 93 errors per step, enough for 0.9 but
    // not for 0.995 (rank ceil(94 × 0.995) = 94 > 93).
    Random rnd = new Random(9);
    TimeSeries history =
        TimeSeries.of(
            START,
            Duration.ofMinutes(30),
            java.util.stream.IntStream.range(0, 7 * 48)
                .mapToDouble(i -> 100 + rnd.nextGaussian())
                .toArray());

    Forecast f = model.forecast(history, 4, List.of(0.9, 0.995));

    assertThat(f.quantiles()).containsOnlyKeys(0.9);
  }

  @Test
  void usesAWeeklyProfileWithThreeWeeksOfHistory() {
    Random rnd = new Random(13);
    IntToDoubleFunction truth = i -> dailySine(500, 200).applyAsDouble(i) * weekdayFactor(i);
    int n = 26 * DAY; // ends on Saturday 00:00
    IntToDoubleFunction noisy = i -> truth.applyAsDouble(i) + 10 * rnd.nextGaussian();
    double[] values = java.util.stream.IntStream.range(0, n).mapToDouble(noisy).toArray();
    TimeSeries weeks = TimeSeries.of(START, FIVE_MINUTES, values);
    TimeSeries days = weeks.tail(20 * DAY);

    Forecast weekly = model.forecast(weeks, DAY, P90);
    Forecast daily = model.forecast(days, DAY, P90);

    assertThat(weekly.model()).isEqualTo("baseline(weekly)");
    assertThat(daily.model()).isEqualTo("baseline(daily)");
    double weeklyError = maeAgainst(truth, n, weekly.values());
    double dailyError = maeAgainst(truth, n, daily.values());
    assertThat(weeklyError).isLessThan(dailyError / 2);
  }

  @Test
  void quantilesLieAboveThePointAndWidenWithTheHorizon() {
    Random rnd = new Random(17);
    TimeSeries history = series(7 * DAY, arNoiseAround(dailySine(500, 200), 20, rnd));

    Forecast f = model.forecast(history, 24, List.of(0.1, 0.5, 0.9));

    double[] p10 = f.quantiles().get(0.1);
    double[] p90 = f.quantiles().get(0.9);
    for (int h = 0; h < f.horizon(); h++) {
      assertThat(p10[h]).isLessThanOrEqualTo(f.valueAt(h));
      assertThat(p90[h]).isGreaterThanOrEqualTo(f.valueAt(h));
    }
    double firstWidth = p90[0] - p10[0];
    double lastWidth = p90[23] - p10[23];
    assertThat(lastWidth).isGreaterThan(1.5 * firstWidth);
  }

  @Test
  void p90CoversAboutNineTenthsOfOutcomesInAWalkForward() {
    Random rnd = new Random(19);
    TimeSeries s = series(12 * DAY, arNoiseAround(dailySine(500, 200), 20, rnd));
    AccuracyProtocol protocol = new AccuracyProtocol(12, 7 * DAY, 12, DAY, 0.5);

    AccuracyReport r = WalkForward.run(s, model, protocol, () -> 0L);

    assertThat(r.coverage90()).hasValueCloseTo(0.9, within(0.06));
  }

  @Test
  void theTunedVariantForecastsAFlatSeriesExactlyUnderItsOwnNameAndSetting() {
    Forecast f = BaselineModel.tuned().forecast(series(7 * DAY, i -> 42.0), 12, P90);

    assertThat(BaselineModel.tuned().name()).isEqualTo("baseline-tuned");
    // every setting is exact here: the tie goes to the baseline's own (AR(3), pool 2)
    assertThat(f.model()).isEqualTo("baseline-tuned(daily, ar 3, pool 2)");
    assertThat(list(f.values())).allSatisfy(v -> assertThat(v).isCloseTo(42.0, within(1e-9)));
  }

  @Test
  void theTunedVariantKeepsAOneStepDailySpikeThatTheBaselinesPoolSmoothsAway() {
    Random rnd = new Random(29);
    int spikePhase = 100;
    IntToDoubleFunction y = i -> 100 + 5 * rnd.nextGaussian() + (i % DAY == spikePhase ? 300 : 0);
    TimeSeries history = series(7 * DAY + spikePhase - 5, y); // the spike is 6 steps ahead

    Forecast tuned = BaselineModel.tuned().forecast(history, 12, P90);
    Forecast plain = model.forecast(history, 12, P90);

    // the median over ±2 neighbouring steps sees the spike in 1 value of 5: gone
    assertThat(plain.values()[5]).isLessThan(150);
    // judged on the last 2 days with a profile from the 5 before them, pool 0 wins and keeps it
    assertThat(tuned.model()).contains("pool 0");
    assertThat(tuned.values()[5]).isGreaterThan(350);
    assertThat(tuned.values()[4]).isCloseTo(100, within(15.0));
  }

  @Test
  void theTunedVariantAveragesNearTiesAndKeepsItsAccuracyAndCoverage() {
    Random rnd = new Random(19);
    TimeSeries s = series(12 * DAY, arNoiseAround(dailySine(500, 200), 20, rnd));
    AccuracyProtocol protocol = new AccuracyProtocol(12, 7 * DAY, 12, DAY, 0.5);
    List<double[]> single = new java.util.ArrayList<>();
    List<double[]> tuned = new java.util.ArrayList<>();

    AccuracyReport one =
        WalkForward.run(s, model, protocol, P90, () -> 0L, (i, t, f) -> single.add(f.values()));
    AccuracyReport averaged =
        WalkForward.run(
            s, BaselineModel.tuned(), protocol, P90, () -> 0L, (i, t, f) -> tuned.add(f.values()));

    // other settings were chosen or averaged at some origins (else all forecasts would be equal)
    long differing =
        java.util.stream.IntStream.range(0, single.size())
            .filter(k -> !Arrays.equals(single.get(k), tuned.get(k)))
            .count();
    assertThat(differing).isPositive();
    // without losing accuracy or calibration on this series
    assertThat(averaged.mae()).isLessThan(1.02 * one.mae());
    assertThat(averaged.coverage90()).hasValueCloseTo(0.9, within(0.06));
  }

  @Test
  void neverForecastsBelowZeroForANonNegativeMetric() {
    Random rnd = new Random(23);
    IntToDoubleFunction night = i -> Math.max(0, 400 * Math.sin(2 * Math.PI * i / DAY));
    int n = 7 * DAY + DAY / 2 - 10; // just before the metric drops to zero
    TimeSeries history =
        series(n, i -> Math.max(0, night.applyAsDouble(i) + 30 * rnd.nextGaussian()));

    Forecast f = model.forecast(history, 60, List.of(0.1, 0.9));

    assertThat(list(f.values())).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    assertThat(list(f.quantiles().get(0.1)))
        .allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
  }

  @Test
  void usesNoDailyProfileWhenStepsAreLongerThanSixHours() {
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      v[i] = 10 + (i % 2) * 4;
    }
    TimeSeries twiceDaily = TimeSeries.of(START, Duration.ofHours(12), v);

    assertThat(model.forecast(twiceDaily, 2, P90).model()).isEqualTo("baseline(level)");
  }

  @Test
  void forecastsBeyondTheValidatedHorizonWithoutQuantiles() {
    Random rnd = new Random(31);
    TimeSeries history = series(100, i -> 50 + rnd.nextGaussian());

    Forecast f = model.forecast(history, 60, P90);

    assertThat(f.horizon()).isEqualTo(60);
    assertThat(f.quantiles()).isEmpty();
    assertThat(list(f.values())).allSatisfy(v -> assertThat(v).isCloseTo(50, within(3.0)));
  }

  @Test
  void givesFiniteOrderedForecastsForArbitraryInputs() {
    Random rnd = new Random(37);
    Duration[] steps = {
      Duration.ofMinutes(1), FIVE_MINUTES, Duration.ofHours(1), Duration.ofDays(1)
    };
    for (int trial = 0; trial < 300; trial++) {
      Duration step = steps[rnd.nextInt(steps.length)];
      double[] v = new double[1 + rnd.nextInt(trial < 250 ? 700 : 3000)];
      double scale = Math.pow(10, rnd.nextInt(12) - 3);
      for (int i = 0; i < v.length; i++) {
        v[i] =
            switch (trial % 4) {
              case 0 -> scale * rnd.nextGaussian();
              case 1 -> Math.floor(scale * Math.abs(rnd.nextGaussian()));
              case 2 -> rnd.nextInt(50) == 0 ? scale * 1e3 : scale;
              default -> scale * (i % 7) - scale * 3;
            };
      }
      int horizon = 1 + rnd.nextInt(90);

      Forecast f = model.forecast(TimeSeries.of(START, step, v), horizon, List.of(0.1, 0.5, 0.9));

      assertThat(f.horizon()).isEqualTo(horizon);
      if (f.quantiles().size() == 3) {
        for (int h = 0; h < horizon; h++) {
          assertThat(f.quantiles().get(0.1)[h]).isLessThanOrEqualTo(f.quantiles().get(0.5)[h]);
          assertThat(f.quantiles().get(0.5)[h]).isLessThanOrEqualTo(f.quantiles().get(0.9)[h]);
        }
      }
    }
  }

  @Test
  void isDeterministic() {
    Random rnd = new Random(29);
    TimeSeries history = series(7 * DAY, i -> 100 + 10 * rnd.nextGaussian());

    assertThat(model.forecast(history, 12, P90)).isEqualTo(model.forecast(history, 12, P90));
  }

  @Test
  void rejectsAnEmptyHistoryOrNoHorizon() {
    assertThatThrownBy(() -> model.forecast(TimeSeries.empty(START, FIVE_MINUTES), 1, P90))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.forecast(series(100, i -> 1), 0, P90))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Double> list(double[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }

  private static TimeSeries series(int n, IntToDoubleFunction f) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return TimeSeries.of(START, FIVE_MINUTES, v);
  }

  private static IntToDoubleFunction dailySine(double base, double amplitude) {
    return i -> base + amplitude * Math.sin(2 * Math.PI * i / DAY);
  }

  /** Weekends at half the weekday load; day 0 is a Monday. */
  private static double weekdayFactor(int i) {
    return (i / DAY) % 7 >= 5 ? 0.5 : 1.0;
  }

  /** {@code truth} plus AR(1) noise (φ = 0.8, innovation σ = {@code sigma}). */
  private static IntToDoubleFunction arNoiseAround(
      IntToDoubleFunction truth, double sigma, Random rnd) {
    double[] state = {0};
    return i -> {
      state[0] = 0.8 * state[0] + sigma * rnd.nextGaussian();
      return truth.applyAsDouble(i) + state[0];
    };
  }

  private static double maeAgainst(IntToDoubleFunction truth, int origin, double[] forecast) {
    double sum = 0;
    for (int h = 0; h < forecast.length; h++) {
      sum += Math.abs(truth.applyAsDouble(origin + h) - forecast[h]);
    }
    return sum / forecast.length;
  }
}
