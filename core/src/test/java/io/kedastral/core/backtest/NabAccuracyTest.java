package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.NaiveModel;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.model.SeasonalNaiveModel;
import io.kedastral.core.model.arima.ArimaModel;
import io.kedastral.core.model.arima.SarimaModel;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy bar of the default model on the shared NAB traces, under the BENCHMARKS.md protocol.
 * Also writes the table of {@code docs/models/baseline.md} to {@code target/nab-accuracy.md} (and
 * prints it with {@code -Dkedastral.printTable=true}).
 *
 * <p>ARIMA and SARIMA with every order chosen are in the table too. Their fits take 10–100 ms, so
 * they run on every {@value #ARIMA_ORIGIN_SUBSAMPLE}th origin to keep the suite fast (the origins
 * column shows it); {@code -Dkedastral.fullOrigins=true} runs them on all origins, as in {@code
 * docs/benchmarks.md}. Their bar against statsmodels is {@code ArimaNabReferenceTest}.
 */
class NabAccuracyTest {
  private static final Map<String, Map<String, AccuracyReport>> RESULTS = new LinkedHashMap<>();
  private static final int ARIMA_ORIGIN_SUBSAMPLE = 4;

  @BeforeAll
  static void runProtocolOnEveryTrace() throws IOException {
    List<ForecastModel> models =
        List.of(new BaselineModel(), new NaiveModel(), new SeasonalNaiveModel());
    for (Path csv : SharedData.nabTraces()) {
      TimeSeries series = SharedData.loadTrace(csv);
      AccuracyProtocol protocol = AccuracyProtocol.benchmarkDefaults(series.step());
      Map<String, AccuracyReport> byModel = new LinkedHashMap<>();
      for (ForecastModel m : models) {
        byModel.put(m.name(), WalkForward.run(series, m, protocol, System::nanoTime));
      }
      int every = Boolean.getBoolean("kedastral.fullOrigins") ? 1 : ARIMA_ORIGIN_SUBSAMPLE;
      AccuracyProtocol sparse =
          new AccuracyProtocol(
              protocol.horizon(),
              protocol.window(),
              protocol.stride() * every,
              protocol.season(),
              protocol.firstOriginFraction());
      for (ForecastModel m :
          List.of(
              new ArimaModel(new ModelSpec.Arima(OrderSpec.chosen())),
              new SarimaModel(
                  new ModelSpec.Sarima(
                      OrderSpec.chosen(), OrderSpec.chosen(), protocol.season())))) {
        byModel.put(m.name(), WalkForward.run(series, m, sparse, System::nanoTime));
      }
      RESULTS.put(SharedData.traceName(csv), byModel);
    }
    AccuracyTable.write(RESULTS, "nab-accuracy.md");
  }

  @Test
  void coversAllFiveTraces() {
    assertThat(RESULTS)
        .containsOnlyKeys(
            "Twitter_volume_AAPL",
            "Twitter_volume_AMZN",
            "ec2_cpu_utilization_5f5533",
            "ec2_network_in_257a54",
            "nyc_taxi");
  }

  /** BENCHMARKS.md, rounded to 2 decimals: {naive MASE, seasonal naive MASE, origins}. */
  @Test
  void naiveAndSeasonalNaiveReproduceTheReferenceFigures() {
    Map<String, double[]> reference =
        Map.of(
            "nyc_taxi", new double[] {0.86, 1.10, 645},
            "Twitter_volume_AMZN", new double[] {0.81, 0.92, 329},
            "ec2_cpu_utilization_5f5533", new double[] {0.32, 0.53, 84});
    reference.forEach(
        (trace, ref) -> {
          Map<String, AccuracyReport> r = RESULTS.get(trace);
          assertThat(r.get("naive").mase()).as(trace).isCloseTo(ref[0], within(0.005));
          assertThat(r.get("seasonal-naive").mase()).as(trace).isCloseTo(ref[1], within(0.005));
          assertThat(r.get("naive").origins()).as(trace).isEqualTo((int) ref[2]);
        });
  }

  @Test
  void baselineP90CoversRoughlyNineTenthsOnEveryTrace() {
    RESULTS.forEach(
        (trace, r) ->
            assertThat(r.get("baseline").coverage90().orElseThrow())
                .as(trace)
                .isBetween(0.8, 0.98));
  }

  @Test
  void beatsNaiveAndSeasonalNaiveOnEveryNabTrace() {
    RESULTS.forEach(
        (trace, r) -> {
          double baseline = r.get("baseline").mase();
          double naive = r.get("naive").mase();
          double snaive = r.get("seasonal-naive").mase();
          String figures =
              "%s: MASE baseline %.3f, naive %.3f, seasonal naive %.3f"
                  .formatted(trace, baseline, naive, snaive);
          assertThat(baseline).as(figures).isLessThan(naive).isLessThan(snaive);
        });
  }
}
