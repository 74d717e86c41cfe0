package io.kedastral.core.backtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The walk-forward (rolling-origin) accuracy protocol of {@code BENCHMARKS.md}: origins every
 * {@code stride} steps from {@code floor(firstOriginFraction·n)} while {@code t + horizon <= n}; at
 * each origin {@code t} a fresh fit on {@code y[t-window, t)} forecasts {@code y[t, t+horizon)}.
 * Origins with less than {@code window} points before them are skipped.
 *
 * @param horizon steps forecast from each origin, at least 1
 * @param window steps of history each fit sees; more than {@code season}
 * @param stride steps between origins, at least 1
 * @param season steps of the lag of the MASE scale (one day), at least 1
 * @param firstOriginFraction where the evaluated tail starts, in [0, 1)
 */
public record AccuracyProtocol(
    int horizon, int window, int stride, int season, double firstOriginFraction) {

  public AccuracyProtocol {
    if (horizon < 1 || stride < 1 || season < 1) {
      throw new IllegalArgumentException(
          "horizon, stride and season must be >= 1, got "
              + horizon
              + ", "
              + stride
              + ", "
              + season);
    }
    if (window <= season) {
      throw new IllegalArgumentException(
          "window (" + window + ") must be longer than the season (" + season + ")");
    }
    if (!(firstOriginFraction >= 0 && firstOriginFraction < 1)) {
      throw new IllegalArgumentException(
          "firstOriginFraction must be in [0, 1), was " + firstOriginFraction);
    }
  }

  /**
   * The {@code BENCHMARKS.md} settings for data at {@code step}: season one day, window 7 days,
   * origins every horizon over the last 25 %, horizon 4 steps (2 h) at 30-minute data and 12 (1 h)
   * at 5-minute data; other steps get 2 h from 30-minute steps up and 1 h below, at least 1 step.
   */
  public static AccuracyProtocol benchmarkDefaults(Duration step) {
    long seconds = step.toSeconds();
    if (seconds < 1) {
      throw new IllegalArgumentException("step must be at least 1 s, was " + step);
    }
    int season = (int) Math.max(1, Math.round(86_400.0 / seconds));
    long horizonSeconds = seconds >= 1_800 ? 7_200 : 3_600;
    int horizon = (int) Math.max(1, Math.round((double) horizonSeconds / seconds));
    return new AccuracyProtocol(horizon, 7 * season, horizon, season, 0.75);
  }

  /** The origins for a series of {@code n} points, in order. */
  public List<Integer> origins(int n) {
    List<Integer> out = new ArrayList<>();
    int t = (int) Math.floor(firstOriginFraction * n);
    while (t < window) {
      t += stride;
    }
    for (; t + horizon <= n; t += stride) {
      out.add(t);
    }
    return out;
  }
}
