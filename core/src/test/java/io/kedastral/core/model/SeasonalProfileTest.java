package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalProfileTest {
  private static final int DAY = 96;

  @Test
  void aClearPatternIsKeptWhole() {
    Random rnd = new Random(1);
    double[] y = new double[7 * DAY];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + 30 * Math.sin(2 * Math.PI * i / DAY) + rnd.nextGaussian();
    }

    SeasonalProfile p = SeasonalProfile.estimate(SeasonalProfile.detrended(y, DAY), DAY, 2);

    assertThat(p.strength()).isGreaterThan(0.99);
    // phase 0 ahead of a window of whole days is the start of a day: sin = 0, rising
    assertThat(p.at(y.length + DAY / 4, y.length)).isCloseTo(30, within(2.0));
    assertThat(p.at(y.length + 3 * DAY / 4, y.length)).isCloseTo(-30, within(2.0));
  }

  @Test
  void pureNoiseIsShrunkAlmostToNothing() {
    Random rnd = new Random(2);
    double[] y = new double[7 * DAY];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + 10 * rnd.nextGaussian();
    }

    SeasonalProfile p = SeasonalProfile.estimate(SeasonalProfile.detrended(y, DAY), DAY, 2);

    assertThat(p.strength()).isLessThan(0.3);
  }

  @Test
  void detrendingRemovesALinearTrendAwayFromTheEnds() {
    double[] ramp = new double[5 * DAY];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 3 + 0.5 * i;
    }

    double[] x = SeasonalProfile.detrended(ramp, DAY);

    for (int i = DAY / 2; i < ramp.length - DAY / 2; i++) {
      assertThat(x[i]).isCloseTo(0, within(1e-9));
    }
  }
}
