package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustStatsTest {

  @Test
  void mediansOfOddAndEvenCounts() {
    assertThat(RobustStats.median(new double[] {9, 1, 5}, 0, 3)).isEqualTo(5);
    assertThat(RobustStats.median(new double[] {4, 1, 3, 2}, 0, 4)).isEqualTo(2.5);
    assertThat(RobustStats.median(new double[] {7, 4, 1, 3, 2, 7}, 1, 5)).isEqualTo(2.5);
  }

  @Test
  void selectionAgreesWithSortingOnRandomData() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      double[] a = new double[1 + rnd.nextInt(40)];
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextInt(10); // many ties
      }
      double[] sorted = a.clone();
      Arrays.sort(sorted);
      int k = rnd.nextInt(a.length);
      assertThat(RobustStats.select(a.clone(), a.length, k)).isEqualTo(sorted[k]);
    }
  }

  @Test
  void madSigmaIsOneForStandardNormalAndIgnoresOutliers() {
    Random rnd = new Random(2);
    double[] a = new double[20_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 50 == 0 ? 1e9 : rnd.nextGaussian();
    }
    assertThat(RobustStats.madSigma(a, 0, a.length)).isCloseTo(1.0, within(0.05));
  }
}
