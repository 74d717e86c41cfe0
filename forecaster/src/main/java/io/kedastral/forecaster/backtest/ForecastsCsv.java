package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.ForecastPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the {@code --forecasts} file: {@code origin,target_time,horizon_step,actual,forecast,p90}
 * with RFC 3339 UTC times and an empty {@code p90} where the model gave none.
 */
final class ForecastsCsv {
  static final String HEADER = "origin,target_time,horizon_step,actual,forecast,p90";

  private ForecastsCsv() {}

  static void write(Path file, List<ForecastPoint> points) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.newLine();
      for (ForecastPoint p : points) {
        w.write(
            p.origin()
                + ","
                + p.target()
                + ","
                + p.horizonStep()
                + ","
                + p.actual()
                + ","
                + p.forecast()
                + ","
                + (p.p90().isPresent() ? String.valueOf(p.p90().getAsDouble()) : ""));
        w.newLine();
      }
    }
  }
}
