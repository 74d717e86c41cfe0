package io.kedastral.forecaster.backtest;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Draws on a {@link BufferedImage} with {@code java.awt} (headless) and saves it as PNG. */
final class PngCanvas implements Canvas {
  private final BufferedImage image;
  private final Graphics2D g;

  PngCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  @Override
  public void polyline(double[] x, double[] y, String color, double width) {
    g.setColor(Color.decode(color));
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(y[i])) {
        open = false;
      } else if (open) {
        path.lineTo(x[i], y[i]);
      } else {
        path.moveTo(x[i], y[i]);
        open = true;
      }
    }
    g.draw(path);
  }

  @Override
  public void polygon(double[] x, double[] y, String color, double opacity) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(x[0], y[0]);
    for (int i = 1; i < x.length; i++) {
      path.lineTo(x[i], y[i]);
    }
    path.closePath();
    var previous = g.getComposite();
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
    g.setColor(Color.decode(color));
    g.fill(path);
    g.setComposite(previous);
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double width) {
    polyline(new double[] {x1, x2}, new double[] {y1, y2}, color, width);
  }

  @Override
  public void text(double x, double y, String text, String color, int size, boolean right) {
    g.setColor(Color.decode(color));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    double w = right ? g.getFontMetrics().stringWidth(text) : 0;
    g.drawString(text, (float) (x - w), (float) y);
  }

  void save(Path file) throws IOException {
    g.dispose();
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JVM");
    }
  }
}
