package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.Models;
import io.kedastral.core.model.SeasonalNaiveModel;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code MODEL=auto} against the baseline and seasonal naive on the shared NAB traces, under the
 * BENCHMARKS.md protocol: one command prints the table of {@code docs/benchmarks.md} ({@code
 * target/auto-accuracy.md}, printed with {@code -Dkedastral.printTable=true}).
 *
 * <p>Auto's cost is one selection per re-selection period of data (6 h), shared by the origins in
 * it. To keep the suite fast, the default run keeps the origins of every {@value
 * #BLOCK_SUBSAMPLE}th period only (whole periods, so each kept selection serves all its origins,
 * and all three models on exactly the same origins); {@code -Dkedastral.fullOrigins=true} runs
 * every origin, as in {@code docs/benchmarks.md}.
 */
class AutoNabAccuracyTest {
  private static final Map<String, Map<String, AccuracyReport>> RESULTS = new LinkedHashMap<>();
  private static final int BLOCK_SUBSAMPLE = 4;

  @BeforeAll
  static void runProtocolOnEveryTrace() throws IOException {
    for (Path csv : SharedData.nabTraces()) {
      TimeSeries series = SharedData.loadTrace(csv);
      AccuracyProtocol protocol = AccuracyProtocol.benchmarkDefaults(series.step());
      List<Integer> origins = origins(series, protocol);
      List<ForecastModel> models =
          List.of(
              Models.create(new ModelSpec.Auto(protocol.season())),
              new BaselineModel(),
              new SeasonalNaiveModel(protocol.season()));
      Map<String, AccuracyReport> byModel = new LinkedHashMap<>();
      for (ForecastModel m : models) {
        byModel.put(
            m.name(),
            WalkForward.run(
                series, m, protocol, origins, List.of(), System::nanoTime, (i, t, f) -> {}));
      }
      RESULTS.put(SharedData.traceName(csv), byModel);
    }
    AccuracyTable.write(RESULTS, "auto-accuracy.md");
  }

  /** Every origin, or those whose last training point is in every 4th re-selection period. */
  private static List<Integer> origins(TimeSeries series, AccuracyProtocol protocol) {
    List<Integer> all = protocol.origins(series.size());
    if (Boolean.getBoolean("kedastral.fullOrigins")) {
      return all;
    }
    long period = AutoModel.Settings.defaults().reselectEvery().toMillis();
    return all.stream()
        .filter(
            t -> Math.floorDiv(series.timeAt(t - 1).toEpochMilli(), period) % BLOCK_SUBSAMPLE == 0)
        .toList();
  }

  private static String figures(String trace, Map<String, AccuracyReport> r) {
    return "%s on %d origins: MASE auto %.4f, baseline %.4f, seasonal naive %.4f"
        .formatted(
            trace,
            r.get("auto").origins(),
            r.get("auto").mase(),
            r.get("baseline").mase(),
            r.get("seasonal-naive").mase());
  }

  @Test
  void autoIsBelowSeasonalNaiveOnEveryTrace() {
    assertAutoBelowOnEveryTrace(1.0, "seasonal-naive");
  }

  /** On every trace, auto's MASE is below {@code factor} times {@code other}'s. */
  private static void assertAutoBelowOnEveryTrace(double factor, String other) {
    RESULTS.forEach(
        (trace, r) ->
            assertThat(r.get("auto").mase())
                .as(figures(trace, r))
                .isLessThan(factor * r.get(other).mase()));
  }

  /**
   * The default subsample is too small for the thinnest full-origin differences to hold on it (AMZN
   * −0.4 % on all origins; AAPL is 1.8 % above the baseline on the subsample, 3.5 % below on all
   * origins), so on it auto has to stay within 3 % of the baseline everywhere.
   */
  @Test
  void autoStaysWithinThreePercentOfTheBaselineOnEveryTrace() {
    assertAutoBelowOnEveryTrace(1.03, "baseline");
  }

  /**
   * The target, "below the baseline on every trace", on all origins ({@code
   * -Dkedastral.fullOrigins=true}, the figures of docs/benchmarks.md).
   */
  @Test
  void onAllOriginsAutoIsBelowTheBaselineOnEveryTrace() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("kedastral.fullOrigins"), "needs -Dkedastral.fullOrigins=true");
    assertAutoBelowOnEveryTrace(1.0, "baseline");
  }

  /**
   * Where the tuned baseline's AR order and profile width pay off: the ec2 traces (AR(1), one-step
   * profile shapes), 5–7 % below the baseline on the default subsample and 3–7 % on all origins.
   */
  @Test
  void autoIsBelowTheBaselineOnTheEc2Traces() {
    for (String trace : List.of("ec2_cpu_utilization_5f5533", "ec2_network_in_257a54")) {
      Map<String, AccuracyReport> r = RESULTS.get(trace);
      assertThat(r.get("auto").mase())
          .as(figures(trace, r))
          .isLessThan(0.98 * r.get("baseline").mase());
    }
  }

  /** Where ARIMA/SARIMA and their combinations pay off: the daily/weekly taxi demand. */
  @Test
  void autoIsBelowTheBaselineOnNycTaxi() {
    Map<String, AccuracyReport> r = RESULTS.get("nyc_taxi");
    assertThat(r.get("auto").mase())
        .as(figures("nyc_taxi", r))
        .isLessThan(0.95 * r.get("baseline").mase());
  }
}
