package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the CSS estimates and forecasts with statsmodels' exact maximum likelihood fits of the
 * same orders on the same series ({@code src/test/resources/reference/arima/make_reference.py}
 * produced the files; statsmodels has no CSS estimator any more, so the two estimators differ by
 * design). Per case: each coefficient within {@code coefficients} of the reference, the innovation
 * variance within {@code variancePercent} %, and each point forecast and each Gaussian 90 % bound
 * within {@code forecastSd} reference standard errors of that step (the bounds check the
 * forecast-error variance from the ψ-weights).
 *
 * <p>The tolerances are one set (0.06, 5 %, 0.15 sd) for every case but one: SARIMA(1,0,1)(0,1,1)
 * [48] on one week of {@code nyc_taxi} leaves 6 seasons after differencing, and its seasonal MA is
 * weakly identified: statsmodels itself gives Θ = -0.60 (diffuse start, the reference) or -0.81
 * (simple differencing, σ² 1.06e6 instead of 2.15e6); CSS gives -0.51. Its forecasts are held to
 * half a standard error, its coefficients to 0.1; its variance (hence its bounds) is not compared.
 */
class ArimaReferenceTest {
  private static final double Z95 = 1.6448536269514722;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ar2, 0.06, 5, 0.15",
    "ma2, 0.06, 5, 0.15",
    "arma11, 0.06, 5, 0.15",
    "arima111_drift, 0.06, 5, 0.15",
    "sarima100_011_12, 0.06, 5, 0.15",
    "nyc_taxi_arma21_fourier4, 0.06, 5, 0.15",
    "nyc_taxi_sarima101_011_48, 0.1, Infinity, 0.5"
  })
  void agreesWithStatsmodelsFitOfTheSameOrders(
      String name, double coefficients, double variancePercent, double forecastSd) {
    Properties ref = properties(name);
    double[] y = series(name);
    int[] order = ints(ref.getProperty("order"));
    int[] seasonal = ints(ref.getProperty("seasonal"));
    int k = Integer.parseInt(ref.getProperty("fourier"));
    int s = Math.max(1, Integer.parseInt(ref.getProperty("period")));
    Orders base = new Orders(0, order[1], 0, 0, seasonal[1], 0, s, k);

    FittedArima fitted =
        FittedArima.fit(
            y,
            base,
            OptionalInt.of(order[0]),
            OptionalInt.of(order[2]),
            OptionalInt.of(seasonal[0]),
            OptionalInt.of(seasonal[2]));

    ArmaFit fit = fitted.fit();
    System.out.printf(
        "%s: ours %s sigma2 %.6g; reference ar=%s ma=%s sar=%s sma=%s sigma2=%s%n",
        name,
        Arrays.toString(fit.coefficients()),
        fitted.state().sigma2(),
        ref.getProperty("ar"),
        ref.getProperty("ma"),
        ref.getProperty("sar"),
        ref.getProperty("sma"),
        ref.getProperty("sigma2"));
    double[] expected = new double[0];
    for (String part : new String[] {"ar", "ma", "sar", "sma"}) {
      expected = concat(expected, doubles(ref.getProperty(part)));
    }
    double[] actual = fit.coefficients();
    assertThat(actual).as(name).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i])
          .as("%s coefficient %d", name, i + 1)
          .isCloseTo(expected[i], within(coefficients));
    }
    double sigma2 = Double.parseDouble(ref.getProperty("sigma2"));
    assertThat(Math.abs(fitted.state().sigma2() / sigma2 - 1) * 100)
        .as(name + " sigma2 %s vs %s", fitted.state().sigma2(), sigma2)
        .isLessThanOrEqualTo(variancePercent);
    assertForecasts(name, y, fitted, ref, forecastSd, Double.isFinite(variancePercent));
  }

  private static void assertForecasts(
      String name,
      double[] y,
      FittedArima fitted,
      Properties ref,
      double forecastSd,
      boolean bounds) {
    int horizon = Integer.parseInt(ref.getProperty("horizon"));
    double[] expected = doubles(ref.getProperty("forecast"));
    double[] lower = doubles(ref.getProperty("lower90"));
    double[] upper = doubles(ref.getProperty("upper90"));
    ArimaForecaster.Prediction p = ArimaForecaster.forecast(y, fitted, horizon, List.of());
    double[] sd =
        ArimaForecaster.standardErrors(
            fitted.prepared().differencing(), fitted.fit(), fitted.state().sigma2(), horizon);
    for (int h = 0; h < horizon; h++) {
      double refSd = (upper[h] - lower[h]) / (2 * Z95);
      double tolerance = forecastSd * refSd;
      System.out.printf(
          "%s h=%d forecast %.6g vs %.6g, sd %.6g vs %.6g (%.3f sd apart)%n",
          name,
          h + 1,
          p.point()[h],
          expected[h],
          sd[h],
          refSd,
          (p.point()[h] - expected[h]) / refSd);
      assertThat(p.point()[h])
          .as("%s forecast h=%d", name, h + 1)
          .isCloseTo(expected[h], within(tolerance));
      if (bounds) {
        assertThat(p.point()[h] - Z95 * sd[h])
            .as("%s lower h=%d", name, h + 1)
            .isCloseTo(lower[h], within(tolerance));
        assertThat(p.point()[h] + Z95 * sd[h])
            .as("%s upper h=%d", name, h + 1)
            .isCloseTo(upper[h], within(tolerance));
      }
    }
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static Properties properties(String name) {
    Properties p = new Properties();
    try (InputStream in = resource(name + ".properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static double[] series(String name) {
    try (InputStream in = resource(name + ".csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .mapToDouble(Double::parseDouble)
          .toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String file) {
    InputStream in = ArimaReferenceTest.class.getResourceAsStream("/reference/arima/" + file);
    if (in == null) {
      throw new IllegalStateException("missing test resource reference/arima/" + file);
    }
    return in;
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static double[] doubles(String csv) {
    return csv == null || csv.isBlank()
        ? new double[0]
        : Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }
}
