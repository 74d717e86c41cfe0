package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Recovers known coefficients from seeded synthetic series (5,000 points; the standard error of
 * each estimate is about 0.01–0.02, the tolerance 0.05).
 */
class CssEstimatorTest {
  private static final double TOLERANCE = 0.05;
  private static final double[] NONE = {};

  @Test
  void recoversArmaOneOne() {
    double[] x = Simulated.arma(11, 5000, new double[] {0.6}, new double[] {0.3}, 2);

    ArmaFit fit = CssEstimator.fit(x, Orders.arima(1, 0, 1), 1);

    assertThat(fit.phi()[0]).isCloseTo(0.6, within(TOLERANCE));
    assertThat(fit.theta()[0]).isCloseTo(0.3, within(TOLERANCE));
    assertThat(Math.sqrt(fit.sigma2())).isCloseTo(2, within(0.05));
  }

  @Test
  void recoversArTwoAndMaTwo() {
    double[] ar = Simulated.arma(12, 5000, new double[] {1.2, -0.5}, NONE, 1);
    double[] ma = Simulated.arma(13, 5000, NONE, new double[] {-0.5, 0.3}, 1);

    ArmaFit arFit = CssEstimator.fit(ar, Orders.arima(2, 0, 0), 2);
    ArmaFit maFit = CssEstimator.fit(ma, Orders.arima(0, 0, 2), 0);

    assertThat(arFit.phi()).containsExactly(new double[] {1.2, -0.5}, within(TOLERANCE));
    assertThat(maFit.theta()).containsExactly(new double[] {-0.5, 0.3}, within(TOLERANCE));
  }

  @Test
  void recoversSeasonalCoefficientsAtALongSeason() {
    int s = 288;
    double[] x =
        Simulated.arma(
            14, 20 * s, new double[] {0.5}, NONE, s, new double[] {0.6}, new double[] {0.4}, 1);
    Orders orders = new Orders(1, 0, 0, 1, 0, 1, s, 0);

    ArmaFit fit = CssEstimator.fit(x, orders, orders.arLag());

    assertThat(fit.phi()[0]).isCloseTo(0.5, within(TOLERANCE));
    assertThat(fit.seasonalPhi()[0]).isCloseTo(0.6, within(TOLERANCE));
    assertThat(fit.seasonalTheta()[0]).isCloseTo(0.4, within(TOLERANCE));
  }

  @Test
  void keepsARandomWalkFitStationaryAndAnOverdifferencedFitInvertible() {
    double[] walk = Simulated.cumulative(Simulated.arma(15, 2000, NONE, NONE, 1));
    double[] noise = Simulated.arma(16, 2000, NONE, NONE, 1);
    double[] overdifferenced = new Differencing(1, 0, 1).apply(noise);

    ArmaFit ar = CssEstimator.fit(walk, Orders.arima(1, 0, 0), 1);
    ArmaFit ma = CssEstimator.fit(overdifferenced, Orders.arima(0, 0, 1), 0);

    assertThat(Math.abs(ar.phi()[0])).isLessThan(1).isGreaterThan(0.95);
    assertThat(Math.abs(ma.theta()[0])).isLessThan(1).isGreaterThan(0.9);
  }

  /**
   * AICc is not consistent, so the search may pick a larger model than the truth (here (1,0,3));
   * what it must do is find both parts and end no worse than the true orders.
   */
  @Test
  void searchEndsAtLeastAsGoodAsTheTrueOrders() {
    double[] x =
        Simulated.plus(100, Simulated.arma(17, 3000, new double[] {0.7}, new double[] {0.4}, 1));
    DifferencedSeries prepared = DifferencedSeries.of(x, 0, 0, 1, 0);

    OrderSearch.Result r =
        OrderSearch.search(
            prepared,
            Orders.arima(0, 0, 0),
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalInt.empty());

    int start = OrderSearch.MAX_SEARCHED;
    double chosen = CssEstimator.fit(prepared.x(), r.orders(), start).aicc(1);
    double truth = CssEstimator.fit(prepared.x(), Orders.arima(1, 0, 1), start).aicc(1);
    assertThat(chosen).isLessThanOrEqualTo(truth);
    assertThat(r.orders().p()).isPositive();
    assertThat(r.orders().q()).isPositive();
    assertThat(r.fit().phi()[0]).isCloseTo(0.7, within(0.1));
    assertThat(prepared.beta()[0]).isCloseTo(100, within(0.5));
  }

  @Test
  void givenOrdersAreHeldWhileTheOthersAreSearched() {
    double[] x = Simulated.arma(18, 3000, new double[] {0.7}, new double[] {0.4}, 1);
    DifferencedSeries prepared = DifferencedSeries.of(x, 0, 0, 1, 0);

    OrderSearch.Result r =
        OrderSearch.search(
            prepared,
            Orders.arima(0, 0, 0),
            OptionalInt.of(0),
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalInt.empty());

    assertThat(r.orders().p()).isZero();
    assertThat(r.orders().q()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void refusesASeriesTooShortForTheOrders() {
    double[] x = Simulated.arma(19, 6, NONE, NONE, 1);

    assertThat(CssEstimator.fit(x, Orders.arima(3, 0, 3), 3)).isNull();
  }
}
