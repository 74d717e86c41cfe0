package io.kedastral.forecaster.backtest;

import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.series.Durations;
import io.kedastral.forecaster.config.SettingsParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoublePredicate;

/**
 * The backtest's command line ({@code docs/BACKTEST.md}), as given: durations are not yet turned
 * into steps, since the step may be inferred from the input.
 */
record BacktestOptions(
    Path input,
    String model,
    Optional<Duration> step,
    Duration horizon,
    Duration window,
    Optional<Duration> stride,
    Duration leadTime,
    double targetPerPod,
    double headroom,
    double quantileLevel,
    boolean calibratedMargin,
    int min,
    int max,
    double upMaxFactor,
    double downMaxPercent,
    Duration prewarmWindow,
    boolean reactiveFloor,
    OptionalInt season,
    OrderSpec order,
    OrderSpec seasonalOrder,
    double firstOrigin,
    String output,
    Optional<Path> forecasts,
    Optional<Path> chart,
    boolean progress) {

  static final List<String> MODELS = List.of("auto", "baseline", "arima", "sarima", "snaive");

  private static final List<String> NAMES =
      List.of(
          "input",
          "model",
          "step",
          "horizon",
          "window",
          "stride",
          "lead-time",
          "target-per-pod",
          "headroom",
          "quantile-level",
          "safety-margin",
          "min",
          "max",
          "up-max-factor",
          "down-max-percent",
          "prewarm-window",
          "reactive-floor",
          "season",
          "order",
          "seasonal-order",
          "first-origin",
          "output",
          "forecasts",
          "chart",
          "progress");

  /**
   * Parses {@code --name=value} arguments ({@code --progress} alone is a flag).
   *
   * @throws UsageException naming the first bad argument and what is allowed
   */
  static BacktestOptions parse(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "': options are --name=value");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      if (!NAMES.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (a.containsKey(name)) {
        throw new UsageException("--" + name + " is given twice");
      }
      a.put(name, eq < 0 ? null : arg.substring(eq + 1));
    }
    return fromMap(a);
  }

  private static BacktestOptions fromMap(Map<String, String> a) {
    if (!a.containsKey("input") || blank(a.get("input"))) {
      throw new UsageException("--input=FILE.csv is required (a timestamp,value CSV)");
    }
    String model = oneOf(a, "model", "baseline", MODELS);
    Duration horizon = duration(a, "horizon", "1h", Duration.ofSeconds(1));
    String output = oneOf(a, "output", "text", List.of("text", "json"));
    Optional<Path> chart = Optional.ofNullable(value(a, "chart")).map(Path::of);
    chart.ifPresent(BacktestOptions::checkChartName);
    return new BacktestOptions(
        Path.of(a.get("input")),
        model,
        Optional.ofNullable(value(a, "step")).map(v -> duration("step", v, Duration.ofSeconds(1))),
        horizon,
        duration(a, "window", "7d", Duration.ofSeconds(1)),
        Optional.ofNullable(value(a, "stride"))
            .map(v -> duration("stride", v, Duration.ofSeconds(1))),
        duration(a, "lead-time", "5m", Duration.ZERO),
        number(a, "target-per-pod", "100", v -> v > 0, "a number > 0"),
        number(a, "headroom", "1.2", v -> v >= 1, "a number >= 1"),
        quantileLevel(a),
        "calibrated".equals(oneOf(a, "safety-margin", "headroom", SettingsParser.SAFETY_MARGINS)),
        integer(a, "min", "1", 0),
        integer(a, "max", "100", 0),
        number(a, "up-max-factor", "2", v -> v >= 1, "a number >= 1"),
        number(a, "down-max-percent", "50", v -> v >= 0 && v <= 100, "0 to 100"),
        duration(a, "prewarm-window", "0s", Duration.ZERO),
        bool(a, "reactive-floor", "true"),
        a.containsKey("season")
            ? OptionalInt.of(integer(a, "season", null, 2))
            : OptionalInt.empty(),
        order(a, "order"),
        order(a, "seasonal-order"),
        number(a, "first-origin", "0", v -> v >= 0 && v < 1, "a fraction in [0, 1)"),
        output,
        Optional.ofNullable(value(a, "forecasts")).map(Path::of),
        chart,
        progressFlag(a));
  }

  private static void checkChartName(Path p) {
    String f = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!f.endsWith(".png") && !f.endsWith(".html")) {
      throw new UsageException(
          "--chart='" + p + "' is invalid: allowed is a file ending in .png or .html");
    }
  }

  private static boolean progressFlag(Map<String, String> a) {
    if (a.containsKey("progress") && a.get("progress") != null) {
      throw new UsageException("--progress is a flag and takes no value");
    }
    return a.containsKey("progress");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String value(Map<String, String> a, String name) {
    if (!a.containsKey(name)) {
      return null;
    }
    String v = a.get(name);
    if (blank(v)) {
      throw new UsageException("--" + name + " needs a value: --" + name + "=...");
    }
    return v.strip();
  }

  private static String valueOr(Map<String, String> a, String name, String fallback) {
    String v = value(a, name);
    return v == null ? fallback : v;
  }

  private static String oneOf(
      Map<String, String> a, String name, String fallback, List<String> allowed) {
    String v = valueOr(a, name, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw invalid(name, a.get(name), String.join(", ", allowed));
    }
    return v;
  }

  private static Duration duration(
      Map<String, String> a, String name, String fallback, Duration min) {
    return duration(name, valueOr(a, name, fallback), min);
  }

  private static Duration duration(String name, String raw, Duration min) {
    try {
      Duration d = Durations.parse(raw);
      if (d.compareTo(min) >= 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw invalid(
        name,
        raw,
        "a duration of at least " + Durations.format(min) + " such as 30s, 5m, 1h or 7d");
  }

  private static double number(
      Map<String, String> a, String name, String fallback, DoublePredicate ok, String allowed) {
    String raw = valueOr(a, name, fallback);
    try {
      double v = Double.parseDouble(raw);
      if (Double.isFinite(v) && ok.test(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, raw, allowed);
  }

  private static int integer(Map<String, String> a, String name, String fallback, int min) {
    String raw = valueOr(a, name, fallback);
    try {
      int v = Integer.parseInt(raw);
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, raw, "a whole number >= " + min);
  }

  private static boolean bool(Map<String, String> a, String name, String fallback) {
    String raw = valueOr(a, name, fallback);
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, raw, "true or false");
    };
  }

  private static double quantileLevel(Map<String, String> a) {
    String raw = valueOr(a, "quantile-level", "0");
    return SettingsParser.parseQuantileLevel(raw)
        .orElseThrow(() -> invalid("quantile-level", raw, SettingsParser.QUANTILE_LEVELS));
  }

  private static OrderSpec order(Map<String, String> a, String name) {
    String raw = value(a, name);
    if (raw == null) {
      return OrderSpec.chosen();
    }
    String[] parts = raw.split(",", -1);
    if (parts.length == 3) {
      try {
        return OrderSpec.of(
            Integer.parseInt(parts[0].strip()),
            Integer.parseInt(parts[1].strip()),
            Integer.parseInt(parts[2].strip()));
      } catch (IllegalArgumentException e) {
        // reported below (NumberFormatException is one)
      }
    }
    throw invalid(name, raw, "three orders from 0 to " + OrderSpec.MAX_ORDER + " such as 1,1,1");
  }

  static UsageException invalid(String name, String raw, String allowed) {
    return new UsageException("--" + name + "='" + raw + "' is invalid: allowed is " + allowed);
  }
}
