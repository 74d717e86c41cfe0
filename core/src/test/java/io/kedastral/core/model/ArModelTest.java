package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ArModelTest {

  @Test
  void leastSquaresRecoversASimulatedAr2WithItsMean() {
    Random rnd = new Random(4);
    double[] x = new double[20_000];
    x[0] = x[1] = 50;
    for (int t = 2; t < x.length; t++) {
      x[t] = 10 + 0.5 * x[t - 1] + 0.3 * x[t - 2] + rnd.nextGaussian();
    }

    ArModel ar = ArModel.fit(x, 2);

    assertThat(ar.phi()[0]).isCloseTo(0.5, within(0.02));
    assertThat(ar.phi()[1]).isCloseTo(0.3, within(0.02));
    assertThat(ar.intercept() / (1 - ar.phi()[0] - ar.phi()[1])).isCloseTo(50, within(0.2));
  }

  @Test
  void aConstantSeriesGivesItsValueAndNoDynamics() {
    ArModel ar = ArModel.fit(new double[] {7, 7, 7, 7, 7, 7, 7, 7, 7}, 3);

    assertThat(ar.intercept()).isEqualTo(7);
    assertThat(ar.phi()).containsExactly(0, 0, 0);
  }

  @Test
  void aTrendingSeriesStillGetsAStationaryModel() {
    double[] ramp = new double[500];
    for (int t = 0; t < ramp.length; t++) {
      ramp[t] = t;
    }
    assertThat(ArModel.isStationary(ArModel.fit(ramp, 3).phi())).isTrue();
  }

  @Test
  void stationarityFollowsTheReflectionCoefficients() {
    assertThat(ArModel.isStationary(new double[] {0.9})).isTrue();
    assertThat(ArModel.isStationary(new double[] {1.0})).isFalse();
    assertThat(ArModel.isStationary(new double[] {0.5, 0.3})).isTrue();
    assertThat(ArModel.isStationary(new double[] {0.5, 0.6})).isFalse(); // φ1 + φ2 > 1
    assertThat(ArModel.isStationary(new double[] {1.2, -0.5})).isTrue(); // complex roots inside
  }

  @Test
  void forecastWeightsReproduceTheRecursion() {
    ArModel ar = new ArModel(2, new double[] {0.6, -0.2, 0.1});
    double[] state = {3, -1, 4}; // x[end-3], x[end-2], x[end-1]

    double[][] w = ar.forecastWeights(5);

    double[] x = {3, -1, 4, 0, 0, 0, 0, 0};
    for (int h = 0; h < 5; h++) {
      int t = 3 + h;
      x[t] = 2 + 0.6 * x[t - 1] - 0.2 * x[t - 2] + 0.1 * x[t - 3];
      double viaWeights = w[h][0] + w[h][1] * state[2] + w[h][2] * state[1] + w[h][3] * state[0];
      assertThat(viaWeights).isCloseTo(x[t], within(1e-12));
    }
  }
}
