package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LagPolynomialTest {

  @Test
  void multipliesSeasonalFactorsSparsely() {
    LagPolynomial ar = LagPolynomial.of(new double[] {0.5}, 1, -1);
    LagPolynomial seasonal = LagPolynomial.of(new double[] {0.6}, 1440, -1);

    LagPolynomial product = ar.times(seasonal);

    assertThat(product.lags()).containsExactly(1, 1440, 1441);
    assertThat(product.coefficients()).containsExactly(-0.5, -0.6, 0.3);
    assertThat(product.degree()).isEqualTo(1441);
  }

  @Test
  void zeroCoefficientsLeaveNoTerm() {
    LagPolynomial p = LagPolynomial.of(new double[] {0, 0.4}, 2, 1);

    assertThat(p.lags()).containsExactly(4);
    assertThat(p.coefficients()).containsExactly(0.4);
    assertThat(LagPolynomial.ONE.times(p)).isEqualTo(p);
  }

  @Test
  void laggedSumSkipsLagsBeforeTheStart() {
    LagPolynomial p = new LagPolynomial(new int[] {1, 3}, new double[] {2, 10});
    double[] x = {1, 2, 3, 4};

    assertThat(p.laggedSum(x, 3)).isEqualTo(2 * 3 + 10 * 1);
    assertThat(p.laggedSum(x, 1)).isEqualTo(2 * 1);
  }

  @Test
  void rejectsUnorderedLags() {
    assertThatThrownBy(() -> new LagPolynomial(new int[] {2, 1}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
