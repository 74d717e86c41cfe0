package io.kedastral.forecaster.backtest;

import java.util.Locale;

/** Builds an inline SVG document: no scripts, no external resources. */
final class SvgCanvas implements Canvas {
  private final StringBuilder sb = new StringBuilder();

  SvgCanvas(int width, int height) {
    sb.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\""
                + " fill=\"#ffffff\"/>%n",
            width, height, width, height));
  }

  @Override
  public void polyline(double[] x, double[] y, String color, double width) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i <= x.length; i++) {
      if (i == x.length || Double.isNaN(y[i])) {
        if (!points.isEmpty()) {
          sb.append(
              f(
                  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"%s\"/>%n",
                  color, width, points.toString().strip()));
          points.setLength(0);
        }
      } else {
        points.append(f("%.1f,%.1f ", x[i], y[i]));
      }
    }
  }

  @Override
  public void polygon(double[] x, double[] y, String color, double opacity) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      points.append(f("%.1f,%.1f ", x[i], y[i]));
    }
    sb.append(
        f(
            "<polygon fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\" points=\"%s\"/>%n",
            color, opacity, points.toString().strip()));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double width) {
    sb.append(
        f(
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"/>%n",
            x1, y1, x2, y2, color, width));
  }

  @Override
  public void text(double x, double y, String text, String color, int size, boolean right) {
    sb.append(
        f(
            "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"%d\"%s>%s</text>%n",
            x, y, color, size, right ? " text-anchor=\"end\"" : "", escape(text)));
  }

  String svg() {
    return sb + "</svg>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
