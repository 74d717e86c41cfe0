package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DifferencingTest {

  @Test
  void integrateIsTheExactInverseOfApply() {
    Random rnd = new Random(3);
    double[] y = new double[60];
    for (int i = 0; i < y.length; i++) {
      y[i] = 10 * Math.sin(i / 3.0) + i * 0.5 + rnd.nextGaussian();
    }
    for (int[] orders : new int[][] {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}}) {
      Differencing diff = new Differencing(orders[0], orders[1], 7);
      double[] history = Arrays.copyOf(y, 50);
      double[] w = diff.apply(y);

      double[] restored = diff.integrate(history, Arrays.copyOfRange(w, w.length - 10, w.length));

      for (int h = 0; h < 10; h++) {
        assertThat(restored[h])
            .as("d,D = %s", Arrays.toString(orders))
            .isCloseTo(y[50 + h], within(1e-9));
      }
    }
  }

  @Test
  void seasonalAndRegularDifferencesCombine() {
    Differencing diff = new Differencing(1, 1, 4);

    assertThat(diff.lost()).isEqualTo(5);
    assertThat(diff.polynomial().lags()).containsExactly(1, 4, 5);
    assertThat(diff.polynomial().coefficients()).containsExactly(-1.0, -1.0, 1.0);
    double[] y = {1, 2, 4, 8, 16, 32, 64};
    // w_t = y_t - y_{t-1} - y_{t-4} + y_{t-5}
    assertThat(diff.apply(y)).containsExactly(32 - 16 - 2 + 1, 64 - 32 - 4 + 2);
  }
}
