package io.kedastral.forecaster.backtest;

import io.kedastral.core.backtest.CapacityBacktest;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn with a carriage return when the percentage changes,
 * ended with a newline when the walk is done. Never written to stdout, so JSON there stays clean.
 */
final class ProgressBar implements CapacityBacktest.Progress {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private int shown = -1;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public void update(int done, int total) {
    int percent = total == 0 ? 100 : (int) (100L * done / total);
    if (percent == shown) {
      return;
    }
    shown = percent;
    int filled = WIDTH * percent / 100;
    err.print(
        "\rbacktest ["
            + "#".repeat(filled)
            + ".".repeat(WIDTH - filled)
            + "] "
            + percent
            + "% "
            + done
            + "/"
            + total
            + " origins");
    if (done >= total) {
      err.println();
    }
    err.flush();
  }
}
