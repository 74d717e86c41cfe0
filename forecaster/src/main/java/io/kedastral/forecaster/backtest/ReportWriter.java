package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.AccuracyReport;
import io.kedastral.core.backtest.CapacityFigures;
import io.kedastral.core.backtest.CapacityReport;
import io.kedastral.core.series.Durations;
import io.kedastral.core.series.TimeSeries;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Prints a {@link CapacityReport} as the text table or the JSON of {@code docs/BACKTEST.md}. */
final class ReportWriter {
  private ReportWriter() {}

  static String text(String input, BacktestRun run, CapacityReport r) {
    TimeSeries s = run.series();
    AccuracyReport a = r.accuracy();
    var p = run.protocol();
    StringBuilder sb = new StringBuilder();
    sb.append(
        f(
            "backtest  %s: %d points of %s from %s to %s%n",
            input, s.size(), Durations.format(run.step()), s.start(), s.end()));
    sb.append(
        f(
            "settings  model=%s horizon=%d window=%d stride=%d season=%d lead-time=%d steps;"
                + " first origin at %.2f of the series%n",
            run.model().name(),
            p.horizon(),
            p.window(),
            p.stride(),
            p.season(),
            run.policy().leadSteps(),
            p.firstOriginFraction()));
    sb.append(
        f(
            "%n%-9s %7s %7s %10s %10s %7s %7s %6s %10s %9s%n",
            "accuracy",
            "windows",
            "points",
            "mae",
            "rmse",
            "mape%",
            "smape%",
            "mase",
            "pinball90",
            "fit-ms"));
    sb.append(
        f(
            "%-9s %7d %7d %10.3f %10.3f %7s %7.2f %6.3f %10s %9.2f%n",
            run.model().name(),
            a.origins(),
            a.points(),
            a.mae(),
            a.rmse(),
            opt(a.mape(), "%.2f"),
            a.smape(),
            a.mase(),
            opt(a.pinball90(), "%.3f"),
            a.medianFitMillis()));
    sb.append(
        f(
            "%n%-9s %7s %7s %7s %14s %13s %14s%n",
            "capacity",
            "steps",
            "under",
            "rate",
            "over-provision",
            "mean-replicas",
            "cost-vs-oracle"));
    for (CapacityFigures c : new CapacityFigures[] {r.forecast(), r.reactive(), r.oracle()}) {
      sb.append(
          f(
              "%-9s %7d %7d %7.4f %14.3f %13.3f %14.3f%n",
              c.policy(),
              c.steps(),
              c.underProvisionedSteps(),
              c.underProvisionedRate(),
              c.meanOverProvision(),
              c.meanReplicas(),
              costVsOracle(c, r.oracle())));
    }
    StringBuilder by = new StringBuilder();
    chosen(a.descriptions())
        .forEach((d, n) -> by.append(by.isEmpty() ? "" : ", ").append(d).append(" x").append(n));
    sb.append(f("%nforecasts by  %s%n", by));
    return sb.toString();
  }

  static String json(JsonMapper mapper, String input, BacktestRun run, CapacityReport r) {
    AccuracyReport a = r.accuracy();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", run.model().name());
    root.put("windows", a.origins());
    root.put("points", a.points());
    root.put("mae", a.mae());
    root.put("rmse", a.rmse());
    put(root, "mape", a.mape());
    root.put("smape", a.smape());
    root.put("mase", a.mase());
    put(root, "pinball90", a.pinball90());
    root.put("underProvisionedRate", r.forecast().underProvisionedRate());
    root.put("meanOverProvision", r.forecast().meanOverProvision());
    root.set("forecast", capacity(mapper, r.forecast(), r.oracle()));
    root.set("reactive", capacity(mapper, r.reactive(), r.oracle()));
    root.set("oracle", capacity(mapper, r.oracle(), r.oracle()));
    root.put("medianFitMillis", a.medianFitMillis());
    ObjectNode by = root.putObject("forecastsBy");
    chosen(a.descriptions()).forEach(by::put);
    ObjectNode settings = root.putObject("settings");
    var p = run.protocol();
    settings.put("input", input);
    settings.put("stepSeconds", run.step().toSeconds());
    settings.put("horizonSteps", p.horizon());
    settings.put("windowSteps", p.window());
    settings.put("strideSteps", p.stride());
    settings.put("seasonSteps", p.season());
    settings.put("leadTimeSteps", run.policy().leadSteps());
    settings.put(
        "safetyMargin",
        run.policy().usesQuantile()
            ? "quantile"
            : run.policy().calibratedMargin() ? "calibrated" : "headroom");
    settings.put("firstOrigin", p.firstOriginFraction());
    settings.put("seriesPoints", run.series().size());
    settings.put("seriesStart", run.series().start().toString());
    settings.put("seriesEnd", run.series().end().toString());
    return mapper.writeValueAsString(root) + System.lineSeparator();
  }

  private static ObjectNode capacity(JsonMapper mapper, CapacityFigures c, CapacityFigures oracle) {
    ObjectNode n = mapper.createObjectNode();
    n.put("steps", c.steps());
    n.put("underProvisionedSteps", c.underProvisionedSteps());
    n.put("underProvisionedRate", c.underProvisionedRate());
    n.put("meanOverProvision", c.meanOverProvision());
    n.put("meanReplicas", c.meanReplicas());
    n.put("costVsOracle", costVsOracle(c, oracle));
    return n;
  }

  /** Mean replicas relative to the oracle's: 1.15 is 15 % more replica-time. */
  static double costVsOracle(CapacityFigures c, CapacityFigures oracle) {
    return oracle.meanReplicas() == 0 ? 0 : c.meanReplicas() / oracle.meanReplicas();
  }

  /**
   * How often each branch forecast: descriptions without their bracketed detail (an auto choice's
   * scores differ at every selection), counted.
   */
  static Map<String, Integer> chosen(Map<String, Integer> descriptions) {
    Map<String, Integer> out = new TreeMap<>();
    descriptions.forEach(
        (d, n) -> {
          int bracket = d.indexOf(" [");
          out.merge(bracket < 0 ? d : d.substring(0, bracket), n, Integer::sum);
        });
    return out;
  }

  private static void put(ObjectNode n, String key, OptionalDouble v) {
    if (v.isPresent()) {
      n.put(key, v.getAsDouble());
    } else {
      n.putNull(key);
    }
  }

  private static String opt(OptionalDouble v, String format) {
    return v.isPresent() ? f(format, v.getAsDouble()) : "-";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
