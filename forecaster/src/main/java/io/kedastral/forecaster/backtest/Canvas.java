package io.kedastral.forecaster.backtest;

/**
 * What the chart needs from a drawing surface, in pixels from the top left; colours are {@code
 * #rrggbb}. Implemented for PNG ({@link PngCanvas}) and inline SVG ({@link SvgCanvas}), so both
 * formats draw the same picture from one layout ({@link Chart}).
 */
interface Canvas {
  /** A line through the points; a NaN {@code y} breaks it. */
  void polyline(double[] x, double[] y, String color, double width);

  /** A filled polygon. */
  void polygon(double[] x, double[] y, String color, double opacity);

  void line(double x1, double y1, double x2, double y2, String color, double width);

  /**
   * Text with its baseline at {@code y}, starting at {@code x} or ending there when {@code right}.
   */
  void text(double x, double y, String text, String color, int size, boolean right);
}
