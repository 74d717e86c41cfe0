package io.kedastral.core.series;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The sliding history a forecaster keeps in memory: raw samples merged in as they arrive (the warm
 * start, then only the new points of each tick) and trimmed to the window length. {@link #series()}
 * cleans the current window onto the step grid.
 *
 * <p>Not thread-safe: owned by the forecast loop.
 */
public final class HistoryWindow {
  private final Duration window;
  private final Duration step;
  private final TreeMap<Instant, Double> samples = new TreeMap<>();

  public HistoryWindow(Duration window, Duration step) {
    if (window.compareTo(step) < 0) {
      throw new IllegalArgumentException("window must be >= step");
    }
    this.window = window;
    this.step = step;
  }

  /**
   * Merges {@code fresh} samples: a sample at a time already held replaces it (the source's latest
   * answer wins, e.g. after late ingestion), then everything older than the window before the
   * newest sample is dropped.
   */
  public void merge(Collection<Sample> fresh) {
    for (Sample s : fresh) {
      samples.put(SeriesCleaner.align(s.time(), step), s.value());
    }
    if (!samples.isEmpty()) {
      Instant oldest = samples.lastKey().minus(window).plus(step);
      samples.headMap(oldest, false).clear();
    }
  }

  /** The newest sample time held, or null when empty. */
  public Instant newest() {
    return samples.isEmpty() ? null : samples.lastKey();
  }

  public int size() {
    return samples.size();
  }

  /** Cleans the window onto the grid (gaps interpolated, non-finite samples dropped). */
  public SeriesCleaner.Result series() {
    List<Sample> list = new ArrayList<>(samples.size());
    samples.forEach((t, v) -> list.add(new Sample(t, v)));
    return SeriesCleaner.clean(list, step);
  }
}
