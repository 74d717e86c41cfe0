package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConformalBandsTest {

  @Test
  void addsTheConformalRankOfTheErrorsAndNeverNarrowsWithTheHorizon() {
    // 9 errors per step: rank ceil(10 × 0.8) = 8 for 0.8, floor(10 × 0.2) = 2 for 0.2
    double[][] errors = {
      {-4, -3, -2, -1, 0, 1, 2, 3, 4},
      {-1, -1, 0, 0, 0, 0, 1, 1, 1},
      {-9, -6, -3, 0, 0, 3, 6, 9, 12}
    };

    Map<Double, double[]> q =
        ConformalBands.bands(errors, new double[] {10, 10, 10}, List.of(0.2, 0.8));

    assertThat(q.get(0.8)).containsExactly(13, 13, 19); // 3, 1 → held at 3, 9
    assertThat(q.get(0.2)).containsExactly(7, 7, 4); // -3, -1 → held at -3, -6
  }

  @Test
  void leavesOutLevelsThatTheNumberOfErrorsCannotSupport() {
    double[][] errors = {{1, 2, 3, 4, 5, 6, 7, 8, 9}};

    Map<Double, double[]> q =
        ConformalBands.bands(errors, new double[] {0}, List.of(0.05, 0.9, 0.95));

    assertThat(q).containsOnlyKeys(0.9); // 0.9: rank 9 of 9; 0.95: rank 10; 0.05: rank 0
    assertThat(q.get(0.9)).containsExactly(9);
  }
}
