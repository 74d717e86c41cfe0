package io.kedastral.core.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Renders walk-forward reports as the markdown table of {@code docs/models/baseline.md}. */
final class AccuracyTable {
  private AccuracyTable() {}

  /**
   * Writes the table of {@code results} to {@code target/<file>} (the figures behind
   * docs/benchmarks.md) and prints it with {@code -Dkedastral.printTable=true}.
   */
  static void write(Map<String, Map<String, AccuracyReport>> results, String file)
      throws IOException {
    String table = markdown(results);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", file), table);
    if (Boolean.getBoolean("kedastral.printTable")) {
      System.out.println(table);
    }
  }

  static String markdown(Map<String, Map<String, AccuracyReport>> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| trace | model | MASE | sMAPE % | pinball90 (scaled) | p90 coverage |")
        .append(" median fit+forecast ms | origins | branches |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    results.forEach(
        (trace, byModel) ->
            byModel.forEach(
                (model, r) ->
                    sb.append(
                        "| %s | %s | %.3f | %.2f | %s | %s | %.2f | %d | %s |\n"
                            .formatted(
                                trace,
                                model,
                                r.mase(),
                                r.smape(),
                                r.scaledPinball90().isPresent()
                                    ? "%.3f".formatted(r.scaledPinball90().getAsDouble())
                                    : "–",
                                r.coverage90().isPresent()
                                    ? "%.3f".formatted(r.coverage90().getAsDouble())
                                    : "–",
                                r.medianFitMillis(),
                                r.origins(),
                                branches(r.descriptions())))));
    return sb.toString();
  }

  /** Descriptions without their bracketed detail (auto's scores differ at every selection). */
  static Map<String, Integer> branches(Map<String, Integer> descriptions) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    descriptions.forEach(
        (d, n) ->
            out.merge(d.contains(" [") ? d.substring(0, d.indexOf(" [")) : d, n, Integer::sum));
    return out;
  }
}
