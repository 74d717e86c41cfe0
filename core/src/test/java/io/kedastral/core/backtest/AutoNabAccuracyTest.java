package io.kedastral.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.BaselineModel;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.Models;
import io.kedastral.core.model.SeasonalNaiveModel;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code MODEL=auto} against its candidates on the shared NAB traces, under the BENCHMARKS.md
 * protocol: one command prints the table of {@code docs/benchmarks.md} ({@code
 * target/auto-accuracy.md}, printed with {@code -Dkedastral.printTable=true}).
 */
class AutoNabAccuracyTest {
  private static final Map<String, Map<String, AccuracyReport>> RESULTS = new LinkedHashMap<>();

  @BeforeAll
  static void runProtocolOnEveryTrace() throws IOException {
    for (Path csv : SharedData.nabTraces()) {
      TimeSeries series = SharedData.loadTrace(csv);
      AccuracyProtocol protocol = AccuracyProtocol.benchmarkDefaults(series.step());
      List<ForecastModel> models =
          List.of(
              Models.create(new ModelSpec.Auto(protocol.season())),
              new BaselineModel(),
              new SeasonalNaiveModel(protocol.season()));
      Map<String, AccuracyReport> byModel = new LinkedHashMap<>();
      for (ForecastModel m : models) {
        byModel.put(m.name(), WalkForward.run(series, m, protocol, System::nanoTime));
      }
      RESULTS.put(SharedData.traceName(csv), byModel);
    }
    String table = AccuracyTable.markdown(RESULTS);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "auto-accuracy.md"), table);
    if (Boolean.getBoolean("kedastral.printTable")) {
      System.out.println(table);
    }
  }

  @Test
  void autoIsBelowSeasonalNaiveOnEveryTrace() {
    RESULTS.forEach(
        (trace, r) ->
            assertThat(r.get("auto").mase()).as(trace).isLessThan(r.get("seasonal-naive").mase()));
  }

  /**
   * Among baseline, seasonal naive and naive the baseline is the best on average on every trace, so
   * the most auto can do is to keep it; the margin makes it stay within 2 % of it. (The issue's
   * target, strictly below the baseline, needs a candidate better than it: ARIMA/SARIMA.)
   */
  @Test
  void autoStaysWithinTwoPercentOfTheBaselineOnEveryTrace() {
    RESULTS.forEach(
        (trace, r) ->
            assertThat(r.get("auto").mase())
                .as(trace)
                .isLessThanOrEqualTo(1.02 * r.get("baseline").mase()));
  }
}
