package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.backtest.AccuracyProtocol;
import io.kedastral.core.backtest.AccuracyReport;
import io.kedastral.core.backtest.WalkForward;
import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ARIMA/SARIMA against the statsmodels figures of {@code ../shared/BENCHMARKS.md}, fitted with the
 * same orders under the same protocol, on all origins. "No worse" means a MASE at most the
 * reference plus {@value #TOLERANCE}: the references are printed with two decimals, so a figure
 * that rounds to the reference counts as equal, nothing more. Each row also goes to {@code
 * target/nab-arima-reference.md}.
 *
 * <p>The Fourier rows run twice: with exactly the reference's regressors ({@code K = 4}, through
 * the package's own fitting code) and as an operator would configure it ({@code SARIMA_P=2,
 * SARIMA_D=0, SARIMA_Q=1, SARIMA_SP=0, SARIMA_SD=0, SARIMA_SQ=0}, K chosen by AICc).
 */
class ArimaNabReferenceTest {
  static final double TOLERANCE = 0.005;
  private static final Path TABLE = Path.of("target", "nab-arima-reference.md");

  @BeforeAll
  static void startTable() throws IOException {
    Files.createDirectories(TABLE.getParent());
    Files.writeString(
        TABLE,
        "| trace | model | reference | MASE | reference MASE | pinball 0.9 (scaled) | p90 coverage"
            + " | median fit+forecast ms | origins |\n|---|---|---|---|---|---|---|---|---|\n");
  }

  @ParameterizedTest(name = "{0} {1}: MASE <= {2}")
  @CsvSource({
    "nyc_taxi, fourier4, 0.58, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "Twitter_volume_AMZN, fourier4, 0.65, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "ec2_cpu_utilization_5f5533, fourier4, 0.48, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "nyc_taxi, fourierAicc, 0.58, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "Twitter_volume_AMZN, fourierAicc, 0.65, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "ec2_cpu_utilization_5f5533, fourierAicc, 0.48, 'statsmodels SARIMAX ARMA(2,1) + Fourier K=4'",
    "nyc_taxi, sarima101_011, 0.76, 'statsmodels SARIMAX(1,0,1)(0,1,1)[s] (41 origins)'"
  })
  void noWorseThanStatsmodelsWithTheSameOrders(
      String trace, String variant, double referenceMase, String reference) throws IOException {
    TimeSeries series =
        SharedData.loadTrace(SharedData.dir().resolve("data/nab/" + trace + ".csv"));
    AccuracyProtocol protocol = AccuracyProtocol.benchmarkDefaults(series.step());
    int s = protocol.season();
    ForecastModel model =
        switch (variant) {
          case "fourier4" -> new FixedFourier(s, 4);
          case "fourierAicc" ->
              new SarimaModel(
                  new ModelSpec.Sarima(OrderSpec.of(2, 0, 1), OrderSpec.of(0, 0, 0), s));
          case "sarima101_011" ->
              new SarimaModel(
                  new ModelSpec.Sarima(OrderSpec.of(1, 0, 1), OrderSpec.of(0, 1, 1), s));
          default -> throw new IllegalArgumentException(variant);
        };

    AccuracyReport r = WalkForward.run(series, model, protocol, System::nanoTime);

    Files.writeString(
        TABLE,
        "| %s | %s | %s | %.3f | %.2f | %.3f | %.3f | %.2f | %d |\n"
            .formatted(
                trace,
                label(r),
                reference,
                r.mase(),
                referenceMase,
                r.scaledPinball90().orElse(Double.NaN),
                r.coverage90().orElse(Double.NaN),
                r.medianFitMillis(),
                r.origins()),
        StandardOpenOption.APPEND);
    assertThat(r.mase())
        .as("%s %s MASE against %s", trace, variant, reference)
        .isLessThanOrEqualTo(referenceMase + TOLERANCE);
  }

  /** The description, or the most frequent one and how many others there were. */
  private static String label(AccuracyReport r) {
    String top =
        r.descriptions().entrySet().stream()
            .max(java.util.Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    int others = r.descriptions().size() - 1;
    return others == 0 ? top : top + " (mostly; " + others + " other K)";
  }

  /** ARMA(2,1) errors with a mean and exactly {@code k} Fourier pairs, as in the reference. */
  private record FixedFourier(int s, int k) implements ForecastModel {
    @Override
    public String name() {
      return "sarima";
    }

    @Override
    public Forecast forecast(TimeSeries history, int horizon, List<Double> levels) {
      double[] y = history.values();
      FittedArima fitted =
          FittedArima.fit(
              y,
              new Orders(0, 0, 0, 0, 0, 0, s, k),
              OptionalInt.of(2),
              OptionalInt.of(1),
              OptionalInt.of(0),
              OptionalInt.of(0));
      return fitted.forecast(y, horizon, levels, "");
    }
  }
}
