package io.kedastral.core.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.model.Forecast;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
  private static final OptionalInt COLD = OptionalInt.empty();
  private static final OptionalDouble NO_OBS = OptionalDouble.empty();

  /** target, headroom, quantile, min, max, up, down%, prewarm, floor, lead. */
  private static CapacityPolicy policy(
      double target, double headroom, int min, int max, double up, double down) {
    return new CapacityPolicy(target, headroom, 0, min, max, up, down, 0, false, 0);
  }

  private static int[] plan(CapacityPolicy p, OptionalInt prev, double... values) {
    return new CapacityPlanner(p).plan(Forecast.of("test", values), prev, NO_OBS);
  }

  @Test
  void roundsTheCeilEdgeAsMeant() {
    // 125 × 1.2 / 50 is 3.0000000000000004 in binary floating point: it must plan 3, not 4.
    assertThat(plan(policy(50, 1.2, 0, 100, 2, 50), COLD, 125)).containsExactly(3);
    assertThat(plan(policy(50, 1.2, 0, 100, 2, 50), COLD, 125.1)).containsExactly(4);
  }

  @Test
  void appliesHeadroomToThePointForecast() {
    assertThat(plan(policy(100, 1.5, 0, 100, 10, 100), COLD, 100, 200, 0)).containsExactly(2, 3, 0);
  }

  @Test
  void calibratedMarginPlansOnTheP90CappedAtTheHeadroomAndNeverBelowTheValue() {
    CapacityPolicy p = policy(10, 1.5, 0, 100, 100, 100).withCalibratedMargin(true);
    // value 100: p90 120 is inside the cap 150 -> 12; p90 300 is capped at 150 -> 15;
    // a p90 below the value (90) counts as the value -> 10
    Forecast f =
        new Forecast(
            "test",
            new double[] {100, 100, 100},
            Map.of(0.9, new double[] {120, 300, 90}, 0.5, new double[] {100, 100, 100}));
    assertThat(new CapacityPlanner(p).plan(f, COLD, NO_OBS)).containsExactly(12, 15, 10);
    // the same forecast with the fixed headroom: 15 everywhere
    assertThat(new CapacityPlanner(p.withCalibratedMargin(false)).plan(f, COLD, NO_OBS))
        .containsExactly(15, 15, 15);
    // no 0.9 quantile in the forecast: value x headroom
    assertThat(plan(p, COLD, 100, 200)).containsExactly(15, 30);
    assertThat(p.quantileLevelsNeeded()).containsExactly(0.9);
    assertThat(p.withCalibratedMargin(false).quantileLevelsNeeded()).isEmpty();
  }

  @Test
  void aQuantileLevelOverridesTheCalibratedMargin() {
    CapacityPolicy p = new CapacityPolicy(10, 1.5, 0.5, 0, 100, 100, 100, 0, false, 0, true);
    Forecast f =
        new Forecast(
            "test", new double[] {100}, Map.of(0.9, new double[] {120}, 0.5, new double[] {70}));
    assertThat(new CapacityPlanner(p).plan(f, COLD, NO_OBS)).containsExactly(7);
    assertThat(p.quantileLevelsNeeded()).containsExactly(0.5);
  }

  @Test
  void coldStartDoesNotRateLimitTheFirstStep() {
    assertThat(plan(policy(10, 1, 1, 100, 2, 50), COLD, 400, 400)).containsExactly(40, 40);
  }

  @Test
  void fromZeroReplicasGrowsAtMostToCeilOfTheFactor() {
    assertThat(plan(policy(10, 1, 0, 100, 1.5, 50), OptionalInt.of(0), 400, 400, 400))
        .containsExactly(2, 3, 5);
  }

  @Test
  void chainsTheClampsOverSeveralSteps() {
    // need 40 everywhere, starting from 3 replicas, x2 per step: 6, 12, 24, 40.
    assertThat(plan(policy(10, 1, 1, 100, 2, 50), OptionalInt.of(3), 400, 400, 400, 400))
        .containsExactly(6, 12, 24, 40);
    // need 1 everywhere, starting from 40, at most -50 % per step: 20, 10, 5, 3, 2, 1.
    assertThat(plan(policy(10, 1, 1, 100, 2, 50), OptionalInt.of(40), 10, 10, 10, 10, 10, 10, 10))
        .containsExactly(20, 10, 5, 3, 2, 1, 1);
  }

  @Test
  void downMaxPercentZeroNeverScalesDown() {
    assertThat(plan(policy(10, 1, 1, 100, 2, 0), OptionalInt.of(8), 10, 10, 100, 10))
        .containsExactly(8, 8, 10, 10);
  }

  @Test
  void downMaxPercentHundredDropsAtOnce() {
    assertThat(plan(policy(10, 1, 1, 100, 2, 100), OptionalInt.of(80), 10, 0))
        .containsExactly(1, 1);
  }

  @Test
  void previousReplicasAboveMaxAreClampedToMax() {
    // The last snapshot planned 50 under an older, larger MAX_REPLICAS; now max is 10.
    assertThat(plan(policy(10, 1, 1, 10, 2, 50), OptionalInt.of(50), 10, 10))
        .containsExactly(10, 5);
  }

  @Test
  void staysWithinBounds() {
    assertThat(plan(policy(10, 1, 2, 6, 100, 100), COLD, 0, 1000, -5)).containsExactly(2, 6, 2);
  }

  @Test
  void plansOnTheQuantileInsteadOfHeadroomWhenSet() {
    CapacityPolicy p = new CapacityPolicy(10, 2, 0.9, 0, 100, 10, 100, 0, false, 0);
    Forecast f = new Forecast("t", new double[] {10, 10}, Map.of(0.9, new double[] {25, 31}));
    assertThat(new CapacityPlanner(p).plan(f, COLD, NO_OBS)).containsExactly(3, 4);
  }

  @Test
  void fallsBackToHeadroomWhenTheModelGaveNoSuchQuantile() {
    CapacityPolicy p = new CapacityPolicy(10, 2, 0.95, 0, 100, 10, 100, 0, false, 0);
    Forecast f = new Forecast("t", new double[] {10}, Map.of(0.9, new double[] {25}));
    assertThat(new CapacityPlanner(p).plan(f, COLD, NO_OBS)).containsExactly(2);
  }

  @Test
  void prewarmPlansForTheMaximumOverTheNextSteps() {
    CapacityPolicy p = new CapacityPolicy(10, 1, 0, 0, 100, 100, 100, 2, false, 0);
    int[] r = new CapacityPlanner(p).plan(Forecast.of("t", 10, 10, 10, 50, 10, 10), COLD, NO_OBS);
    assertThat(r).containsExactly(1, 5, 5, 5, 1, 1);
  }

  @Test
  void reactiveFloorHoldsTheLeadWindowAtWhatIsObservedNow() {
    CapacityPolicy p = new CapacityPolicy(10, 1.2, 0, 1, 100, 2, 100, 0, true, 2);
    int[] r =
        new CapacityPlanner(p).plan(Forecast.of("t", 10, 10, 10), COLD, OptionalDouble.of(100));
    // observed 100 × 1.2 / 10 = 12 replicas for the first two steps, then the forecast's 2.
    assertThat(r).containsExactly(12, 12, 2);
  }

  @Test
  void reactiveFloorNeverExceedsMax() {
    CapacityPolicy p = new CapacityPolicy(10, 1, 0, 1, 5, 2, 100, 0, true, 3);
    assertThat(new CapacityPlanner(p).plan(Forecast.of("t", 1), COLD, OptionalDouble.of(1000)))
        .containsExactly(5);
  }

  @Test
  void policyRejectsInvalidValues() {
    assertThatThrownBy(() -> policy(0, 1.2, 1, 10, 2, 50)).hasMessageContaining("targetPerPod");
    assertThatThrownBy(() -> policy(10, 0.9, 1, 10, 2, 50)).hasMessageContaining("headroom");
    assertThatThrownBy(() -> policy(10, 1.2, 5, 4, 2, 50)).hasMessageContaining("maxReplicas");
    assertThatThrownBy(() -> policy(10, 1.2, -1, 4, 2, 50)).hasMessageContaining("minReplicas");
    assertThatThrownBy(() -> policy(10, 1.2, 1, 4, 0.5, 50)).hasMessageContaining("upMaxFactor");
    assertThatThrownBy(() -> policy(10, 1.2, 1, 4, 2, 101)).hasMessageContaining("downMaxPercent");
    assertThatThrownBy(() -> new CapacityPolicy(10, 1.2, 1.0, 1, 4, 2, 50, 0, true, 0))
        .hasMessageContaining("quantileLevel");
  }

  @Test
  void workedExampleOfThePlannerDoc() {
    CapacityPolicy p = new CapacityPolicy(50, 1.2, 0, 1, 10, 2, 50, 0, true, 1);
    int[] r =
        new CapacityPlanner(p)
            .plan(
                Forecast.of("t", 125, 300, 600, 100, 20), OptionalInt.of(2), OptionalDouble.of(90));
    assertThat(r).containsExactly(3, 6, 10, 5, 3);
  }
}
