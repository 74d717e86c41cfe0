package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.CapacityTimeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The backtest chart ({@code --chart}): on top the actual load, the forecast and its p90 band;
 * below the replicas in effect under the forecast plan, the reactive policy and the oracle. With
 * more steps than pixel columns each column shows the largest value of its steps, so no peak is
 * hidden.
 */
final class Chart {
  static final int WIDTH = 1200;
  static final int HEIGHT = 720;
  private static final int LEFT = 70;
  private static final int RIGHT = WIDTH - 20;
  private static final double[] LOAD = {70, 420};
  private static final double[] REPLICAS = {475, 680};
  static final String ACTUAL = "#222222";
  static final String FORECAST = "#1f77b4";
  static final String REACTIVE = "#ff7f0e";
  static final String ORACLE = "#2ca02c";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final CapacityTimeline t;
  private final String title;
  private final String subtitle;
  private final int columns;

  Chart(CapacityTimeline timeline, String title, String subtitle) {
    this.t = timeline;
    this.title = title;
    this.subtitle = subtitle;
    this.columns = Math.min(timeline.size(), RIGHT - LEFT);
  }

  /** Writes a PNG or a self-contained HTML file, by the file's extension. */
  void write(Path file) throws IOException {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      PngCanvas png = new PngCanvas(WIDTH, HEIGHT);
      draw(png);
      png.save(file);
    } else {
      SvgCanvas svg = new SvgCanvas(WIDTH, HEIGHT);
      draw(svg);
      Files.writeString(file, html(svg.svg()), StandardCharsets.UTF_8);
    }
  }

  private String html(String svg) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + SvgCanvas.escape(title + " · " + subtitle)
        + "</title>\n</head>\n<body style=\"margin:16px;font-family:sans-serif\">\n"
        + svg
        + "</body>\n</html>\n";
  }

  void draw(Canvas c) {
    c.text(LEFT, 20, title, ACTUAL, 15, false);
    c.text(LEFT, 38, subtitle, "#444444", 12, false);
    double[] actual = bucketMax(t.actual());
    double[] forecast = bucketMax(t.forecast());
    double[] p90 = bucketMax(t.p90());
    double top = niceMax(Math.max(max(actual), Math.max(max(forecast), max(p90))));
    double bottom = Math.min(0, Math.min(min(actual), min(forecast)));
    double[] x = xs();
    axes(c, LOAD, bottom, top, "load");
    band(c, x, forecast, p90, bottom, top);
    c.polyline(x, scale(actual, bottom, top, LOAD), ACTUAL, 1.2);
    c.polyline(x, scale(forecast, bottom, top, LOAD), FORECAST, 1.2);
    legend(
        c,
        LOAD[0] - 8,
        new String[] {"actual", "forecast", "p90 band"},
        new String[] {ACTUAL, FORECAST, "#9ecae1"});
    double[] planned = bucketMax(toDouble(t.forecastReplicas()));
    double[] reactive = bucketMax(toDouble(t.reactiveReplicas()));
    double[] oracle = bucketMax(toDouble(t.oracleReplicas()));
    // a multiple of 4, so that the 4 grid steps are whole replicas
    double rTop =
        4 * Math.ceil((Math.max(max(planned), Math.max(max(reactive), max(oracle))) + 1) / 4);
    axes(c, REPLICAS, 0, rTop, "replicas");
    c.polyline(x, scale(oracle, 0, rTop, REPLICAS), ORACLE, 1.2);
    c.polyline(x, scale(reactive, 0, rTop, REPLICAS), REACTIVE, 1.2);
    c.polyline(x, scale(planned, 0, rTop, REPLICAS), FORECAST, 1.6);
    legend(
        c,
        REPLICAS[0] - 8,
        new String[] {"forecast plan", "reactive", "oracle"},
        new String[] {FORECAST, REACTIVE, ORACLE});
    timeLabels(c);
  }

  private void band(Canvas c, double[] x, double[] lower, double[] upper, double lo, double hi) {
    int from = 0;
    for (int i = 0; i <= x.length; i++) {
      if (i == x.length || Double.isNaN(upper[i])) {
        if (i - from >= 2) {
          int n = i - from;
          double[] px = new double[2 * n];
          double[] py = new double[2 * n];
          for (int k = 0; k < n; k++) {
            px[k] = x[from + k];
            py[k] = y(upper[from + k], lo, hi, LOAD);
            px[2 * n - 1 - k] = x[from + k];
            py[2 * n - 1 - k] = y(lower[from + k], lo, hi, LOAD);
          }
          c.polygon(px, py, "#9ecae1", 0.6);
        }
        from = i + 1;
      }
    }
  }

  private void axes(Canvas c, double[] panel, double lo, double hi, String label) {
    c.line(LEFT, panel[1], RIGHT, panel[1], "#888888", 1);
    c.line(LEFT, panel[0], LEFT, panel[1], "#888888", 1);
    for (int k = 0; k <= 4; k++) {
      double v = lo + (hi - lo) * k / 4;
      double yy = y(v, lo, hi, panel);
      c.line(LEFT - 4, yy, RIGHT, yy, "#e5e5e5", 1);
      c.text(LEFT - 6, yy + 4, number(v), "#444444", 11, true);
    }
    c.text(LEFT + 4, panel[0] + 12, label, "#444444", 12, false);
  }

  private void legend(Canvas c, double baseline, String[] names, String[] colors) {
    double x = RIGHT;
    for (int i = names.length - 1; i >= 0; i--) {
      c.text(x, baseline, names[i], colors[i], 12, true);
      x -= 8 * names[i].length() + 30;
      c.line(x + 4, baseline - 4, x + 20, baseline - 4, colors[i], 3);
      x -= 6;
    }
  }

  private void timeLabels(Canvas c) {
    for (int k = 0; k <= 4; k++) {
      int i = (int) ((long) (t.size() - 1) * k / 4);
      double xx = LEFT + (double) (RIGHT - LEFT) * i / Math.max(1, t.size() - 1);
      c.text(
          k == 4 ? xx : xx - (k == 0 ? 0 : 50),
          REPLICAS[1] + 18,
          TIME.format(t.timeAt(i)),
          "#444444",
          11,
          k == 4);
    }
  }

  private double[] xs() {
    double[] x = new double[columns];
    for (int i = 0; i < columns; i++) {
      x[i] = LEFT + (RIGHT - LEFT) * (columns == 1 ? 0.5 : (double) i / (columns - 1));
    }
    return x;
  }

  /** The largest value of each column's steps; NaN when all of them are NaN. */
  double[] bucketMax(double[] v) {
    double[] out = new double[columns];
    for (int b = 0; b < columns; b++) {
      int from = (int) ((long) v.length * b / columns);
      int to = (int) ((long) v.length * (b + 1) / columns);
      double m = Double.NaN;
      for (int i = from; i < to; i++) {
        if (!Double.isNaN(v[i]) && (Double.isNaN(m) || v[i] > m)) {
          m = v[i];
        }
      }
      out[b] = m;
    }
    return out;
  }

  private static double[] scale(double[] v, double lo, double hi, double[] panel) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.isNaN(v[i]) ? Double.NaN : y(v[i], lo, hi, panel);
    }
    return out;
  }

  private static double y(double v, double lo, double hi, double[] panel) {
    return panel[1] - (v - lo) / (hi - lo) * (panel[1] - panel[0]);
  }

  private static double[] toDouble(int[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      m = Double.isNaN(d) ? m : Math.max(m, d);
    }
    return m == Double.NEGATIVE_INFINITY ? 0 : m;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) {
      m = Double.isNaN(d) ? m : Math.min(m, d);
    }
    return m == Double.POSITIVE_INFINITY ? 0 : m;
  }

  /** A round number at or above {@code v} (1, 2 or 5 times a power of ten). */
  static double niceMax(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String number(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
