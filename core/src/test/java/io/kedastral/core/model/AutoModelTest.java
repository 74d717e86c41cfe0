package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoModelTest {
  private static final Instant MIDNIGHT = Instant.parse("2026-11-02T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final AutoModel.Settings SIX_HOURS_OVER_TWO_DAYS =
      new AutoModel.Settings(Duration.ofHours(6), Duration.ofDays(2), Duration.ofDays(1), 4, 0);

  /** Forecasts a constant and counts its fits. */
  private static final class Fixed implements ForecastModel {
    private final String name;
    private final double value;
    int fits;

    Fixed(String name, double value) {
      this.name = name;
      this.value = value;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
      fits++;
      double[] v = new double[horizon];
      Arrays.fill(v, value);
      return Forecast.of(name + "(fixed)", v);
    }
  }

  /** A model that cannot fit. */
  private static final class Broken implements ForecastModel {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
      throw new IllegalStateException("cannot fit");
    }
  }

  private static TimeSeries flat(Instant start, int n, double value) {
    double[] v = new double[n];
    Arrays.fill(v, value);
    return TimeSeries.of(start, HOUR, v);
  }

  /** Forecasts {@code truth(t) + offset(t)} for each target hour {@code t} since the epoch. */
  private record Scripted(String name, java.util.function.LongToDoubleFunction offset)
      implements ForecastModel {
    static double truth(long hour) {
      return 100 + 10 * Math.sin(hour / 3.0);
    }

    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> quantileLevels) {
      long next = history.end().getEpochSecond() / 3600 + 1;
      double[] v = new double[horizon];
      for (int i = 0; i < horizon; i++) {
        v[i] = truth(next + i) + offset.applyAsDouble(next + i);
      }
      return Forecast.of(name, v);
    }
  }

  private static final AutoModel.Settings TWENTY_FOUR_ORIGINS =
      new AutoModel.Settings(Duration.ofHours(6), Duration.ofDays(10), Duration.ofDays(4), 24, 0);

  private static TimeSeries tenDays() {
    double[] v = new double[240];
    for (int i = 0; i < v.length; i++) {
      v[i] = Scripted.truth(MIDNIGHT.getEpochSecond() / 3600 + i);
    }
    return TimeSeries.of(MIDNIGHT, HOUR, v);
  }

  @Test
  void chargesBeingShortNineTimesMoreThanBeingOver() {
    // Both are exact except at one hour in 23, where "short" is 50 below and "over" 50 above.
    // Calibrated on the other origins, both bounds sit at the forecast (the 0.9 quantile of the
    // errors is 0), so "short" pays 0.9·50 and "over" 0.1·50 at those hours.
    AutoModel auto =
        new AutoModel(
            List.of(
                new Scripted("short", h -> h % 23 == 7 ? -50 : 0),
                new Scripted("over", h -> h % 23 == 7 ? 50 : 0)),
            TWENTY_FOUR_ORIGINS);

    Forecast f = auto.forecast(tenDays(), 1, List.of());

    AutoModel.Selection s = auto.lastSelection().orElseThrow();
    assertThat(s.scores().get("short")).isEqualTo(9 * s.scores().get("over"), within());
    assertThat(s.scores().get("over")).isPositive();
    // their errors cancel, so their mean is exact and wins
    assertThat(s.chosen()).isEqualTo("mean(short,over)");
    assertThat(s.score()).isEqualTo(0, within());
    assertThat(f.model()).startsWith("auto:mean(short,over) [pinball90 ").contains(" vs short ");
  }

  @Test
  void keepsTheFirstCandidateUnlessAnotherIsClearlyBetter() {
    // "first" is short by 50 at one hour in 23, "second" by 46: 8 % better, inside the margin
    List<ForecastModel> candidates =
        List.of(
            new Scripted("first", h -> h % 23 == 7 ? -50 : 0),
            new Scripted("second", h -> h % 23 == 7 ? -46 : 0));
    var withMargin =
        new AutoModel.Settings(
            Duration.ofHours(6), Duration.ofDays(10), Duration.ofDays(4), 24, 0.1);

    AutoModel kept = new AutoModel(candidates, withMargin);
    kept.forecast(tenDays(), 1, List.of());
    AutoModel switched = new AutoModel(candidates, TWENTY_FOUR_ORIGINS);
    switched.forecast(tenDays(), 1, List.of());

    assertThat(kept.lastSelection().orElseThrow().chosen()).isEqualTo("first");
    assertThat(switched.lastSelection().orElseThrow().chosen()).isEqualTo("second");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  /** An irregular offset in [-1, 1] for target hour {@code h}. */
  private static double wobble(long h) {
    return ((h * 7919) % 13 - 6) / 6.0;
  }

  @Test
  void choosesTheMeanOfTwoCandidatesWhoseErrorsCancel() {
    // "high" is off by +20·wobble, "low" by -20·wobble: each misses, their mean is exact
    AutoModel auto =
        new AutoModel(
            List.of(
                new Scripted("high", h -> 20 * wobble(h)),
                new Scripted("low", h -> -20 * wobble(h))),
            TWENTY_FOUR_ORIGINS);

    Forecast f = auto.forecast(tenDays(), 2, List.of());

    AutoModel.Selection s = auto.lastSelection().orElseThrow();
    assertThat(s.chosen()).isEqualTo("mean(high,low)");
    assertThat(s.score()).isZero();
    assertThat(s.scores().get("high")).isPositive();
    assertThat(f.model()).startsWith("auto:mean(high,low) [pinball90 0 vs high ");
    long next = tenDays().end().getEpochSecond() / 3600 + 1;
    assertThat(f.values())
        .containsExactly(
            new double[] {Scripted.truth(next), Scripted.truth(next + 1)},
            org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void scoresCombinationsWithoutFittingAgain() {
    Fixed a = new Fixed("a", 10);
    Fixed b = new Fixed("b", 20);
    Fixed c = new Fixed("c", 40);
    AutoModel auto = new AutoModel(List.of(a, b, c), SIX_HOURS_OVER_TWO_DAYS);

    auto.forecast(flat(MIDNIGHT, 96, 15), 2, List.of());

    AutoModel.Selection s = auto.lastSelection().orElseThrow();
    // top two, top three, and the first with the best other (here the top two again)
    assertThat(s.scores()).containsOnlyKeys("a", "b", "c", "mean(a,b)", "mean(a,b,c)");
    assertThat(b.fits).isEqualTo(s.origins()); // once per origin, none for the combinations
    assertThat(a.fits).isEqualTo(s.origins() + 1); // and the chosen one once on the whole history
  }

  @Test
  void neverCombinesACandidateThatFailed() {
    AutoModel auto =
        new AutoModel(
            List.of(new Fixed("a", 10), new Broken(), new Fixed("b", 20)), SIX_HOURS_OVER_TWO_DAYS);

    auto.forecast(flat(MIDNIGHT, 96, 15), 2, List.of());

    assertThat(auto.lastSelection().orElseThrow().scores())
        .containsOnlyKeys("a", "broken", "b", "mean(a,b)");
  }

  @Test
  void choosesSeasonalNaiveOnAnExactlyRepeatingDailyPattern() {
    double[] v = new double[7 * 24];
    Random r = new Random(7);
    double[] day = new double[24];
    for (int h = 0; h < 24; h++) {
      day[h] = 50 + 400 * r.nextDouble(); // an irregular shape, repeated exactly every day
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = day[i % 24];
    }
    AutoModel auto = new AutoModel(Models.autoCandidates(24), AutoModel.Settings.defaults());

    Forecast f = auto.forecast(TimeSeries.of(MIDNIGHT, HOUR, v), 6, List.of(0.9));

    AutoModel.Selection s = auto.lastSelection().orElseThrow();
    assertThat(s.chosen()).isEqualTo("seasonal-naive");
    assertThat(s.score()).isZero();
    assertThat(s.scores().get("naive")).isGreaterThan(10);
    assertThat(f.values()).containsExactly(Arrays.copyOfRange(day, 0, 6));
  }

  @Test
  void choosesTheLastValueOnARandomWalkWithoutSeason() {
    Random r = new Random(11);
    double[] v = new double[7 * 24];
    v[0] = 1000;
    for (int i = 1; i < v.length; i++) {
      v[i] = v[i - 1] + 40 * r.nextGaussian();
    }
    AutoModel auto =
        new AutoModel(
            List.of(new SeasonalNaiveModel(24), new NaiveModel()), AutoModel.Settings.defaults());

    auto.forecast(TimeSeries.of(MIDNIGHT, HOUR, v), 2, List.of());

    assertThat(auto.lastSelection().orElseThrow().chosen()).isEqualTo("naive");
  }

  @Test
  void reusesTheChoiceUntilTheHistoryCrossesAReselectionBoundary() {
    Fixed a = new Fixed("a", 10);
    Fixed b = new Fixed("b", 20);
    AutoModel auto = new AutoModel(List.of(a, b), SIX_HOURS_OVER_TWO_DAYS);
    // 3 days ending at 02:00 on day 4; the selection data ends at the 00:00 boundary.
    TimeSeries first = flat(MIDNIGHT.plus(HOUR.multipliedBy(3)), 72, 15);

    auto.forecast(first, 2, List.of());
    AutoModel.Selection chosen = auto.lastSelection().orElseThrow();
    int fits = b.fits;
    // a sliding window one step later: same selection data, no refit for the choice
    TimeSeries slid = flat(MIDNIGHT.plus(HOUR.multipliedBy(4)), 72, 15);
    auto.forecast(slid, 2, List.of());

    assertThat(chosen.dataEnd()).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
    assertThat(auto.lastSelection().orElseThrow()).isSameAs(chosen);
    assertThat(chosen.chosen()).isEqualTo("a"); // both exact once calibrated: the first is kept
    assertThat(b.fits).isEqualTo(fits); // no refit of the candidates for the choice

    // four hours later the end crosses 06:00: a new selection on data up to 06:00
    auto.forecast(flat(MIDNIGHT.plus(HOUR.multipliedBy(8)), 72, 15), 2, List.of());
    assertThat(auto.lastSelection().orElseThrow().dataEnd())
        .isEqualTo(Instant.parse("2026-11-05T06:00:00Z"));
    assertThat(b.fits).isEqualTo(2 * fits);
  }

  @Test
  void reselectsWhenAValueInsideTheSelectionDataChangesButNotAfterIt() {
    AutoModel auto =
        new AutoModel(List.of(new Fixed("a", 10), new Fixed("b", 20)), SIX_HOURS_OVER_TWO_DAYS);
    TimeSeries history = flat(MIDNIGHT.plus(HOUR.multipliedBy(3)), 72, 15);
    auto.forecast(history, 2, List.of());
    AutoModel.Selection before = auto.lastSelection().orElseThrow();

    double[] afterBoundary = history.values();
    afterBoundary[71] = 500; // 02:00, after the 00:00 boundary
    auto.forecast(TimeSeries.of(history.start(), HOUR, afterBoundary), 2, List.of());
    assertThat(auto.lastSelection().orElseThrow()).isSameAs(before);

    double[] inside = history.values();
    inside[60] = 500; // 15:00 the day before, inside the selection data
    auto.forecast(TimeSeries.of(history.start(), HOUR, inside), 2, List.of());
    assertThat(auto.lastSelection().orElseThrow()).isNotSameAs(before);
  }

  @Test
  void neverChoosesACandidateThatFailsAndSaysSo() {
    AutoModel auto =
        new AutoModel(List.of(new Broken(), new Fixed("ok", 100)), SIX_HOURS_OVER_TWO_DAYS);

    Forecast f = auto.forecast(flat(MIDNIGHT, 96, 100), 1, List.of());

    assertThat(f.model()).isEqualTo("auto:ok(fixed) [pinball90 0 vs broken failed]");
    assertThat(auto.lastSelection().orElseThrow().scoresText()).isEqualTo("broken failed, ok 0");
  }

  @Test
  void fallsBackToTheNextCandidateWhenTheChosenOneFailsOnTheWholeHistory() {
    ForecastModel fragile =
        new ForecastModel() {
          @Override
          public String name() {
            return "fragile";
          }

          @Override
          public Forecast forecast(TimeSeries history, int horizon, List<Double> levels) {
            if (history.size() == 96) {
              throw new IllegalStateException("does not converge");
            }
            return new Fixed("fragile", 100).forecast(history, horizon, levels);
          }
        };
    AutoModel auto = new AutoModel(List.of(fragile, new Fixed("a", 100)), SIX_HOURS_OVER_TWO_DAYS);

    Forecast f = auto.forecast(flat(MIDNIGHT, 96, 100), 2, List.of());

    assertThat(auto.lastSelection().orElseThrow().chosen()).isEqualTo("fragile");
    assertThat(f.model()).isEqualTo("auto:a(fixed) [pinball90 0 vs fragile 0, mean(fragile,a) 0]");
  }

  @Test
  void takesTheFirstCandidateWhenTheHistoryIsTooShortToCompare() {
    AutoModel auto =
        new AutoModel(List.of(new Fixed("a", 1), new Fixed("b", 2)), SIX_HOURS_OVER_TWO_DAYS);

    Forecast f = auto.forecast(flat(MIDNIGHT, 5, 100), 3, List.of());

    assertThat(f.model()).isEqualTo("auto:a(fixed) [no selection: too little history]");
    assertThat(auto.lastSelection().orElseThrow().origins()).isZero();
  }

  @Test
  void isADeterministicFunctionOfItsInput() {
    TimeSeries history = flat(MIDNIGHT, 96, 100);
    Forecast once =
        new AutoModel(Models.autoCandidates(24), AutoModel.Settings.defaults())
            .forecast(history, 4, List.of(0.9));
    AutoModel reused = new AutoModel(Models.autoCandidates(24), AutoModel.Settings.defaults());
    reused.forecast(flat(MIDNIGHT, 50, 3), 4, List.of(0.9));

    assertThat(reused.forecast(history, 4, List.of(0.9))).isEqualTo(once);
  }

  @Test
  void rejectsDuplicateNamesAndBadSettings() {
    assertThatThrownBy(() -> new AutoModel(List.of(new NaiveModel(), new NaiveModel()), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unique");
    assertThatThrownBy(
            () -> new AutoModel.Settings(HOUR, HOUR.dividedBy(2), Duration.ofDays(1), 12, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AutoModel.Settings(HOUR, HOUR, Duration.ofDays(1), 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsScoresWithThreeSignificantDigits() {
    assertThat(AutoModel.format(12.345)).isEqualTo("12.3");
    assertThat(AutoModel.format(12345.6)).isEqualTo("12300");
    assertThat(AutoModel.format(0.0012345)).isEqualTo("0.00123");
    assertThat(AutoModel.format(0)).isEqualTo("0");
  }
}
