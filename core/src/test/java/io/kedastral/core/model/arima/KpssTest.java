package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KPSS statistics against statsmodels' {@code kpss} ({@code reference/arima/kpss.properties}). */
class KpssTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ar2, 0", "arima111_drift, 1", "nyc_taxi_arma21_fourier4, 1"})
  void statisticMatchesStatsmodelsAndDifferencesUntilItPasses(String name, int differences)
      throws IOException {
    Properties ref = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/reference/arima/kpss.properties")) {
      ref.load(in);
    }
    double[] y = ArimaReferenceTest.series(name);
    double[] dy = new Differencing(1, 0, 1).apply(y);

    assertThat(Kpss.statistic(y))
        .isCloseTo(Double.parseDouble(ref.getProperty(name)), within(1e-9));
    assertThat(Kpss.statistic(dy))
        .isCloseTo(Double.parseDouble(ref.getProperty(name + ".diff")), within(1e-9));
    assertThat(Kpss.differences(y)).isEqualTo(differences);
  }
}
