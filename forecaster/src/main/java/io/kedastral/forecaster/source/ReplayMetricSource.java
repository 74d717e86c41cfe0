package io.kedastral.forecaster.source;

import io.kedastral.core.series.Sample;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.source.MetricSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a recorded {@code timestamp,value} trace as if it were live: the trace is shifted so its
 * last point falls on the start-up time, then plays on in real time, starting over from its first
 * point when it runs out. Used by the demo and by tests when no Prometheus is there.
 *
 * <p>The trace keeps its own spacing (the median interval between its points); the forecaster's
 * cleaner puts it onto {@code STEP}.
 */
public final class ReplayMetricSource implements MetricSource {
  private final TimeSeries trace;
  private final Clock clock;
  private final Instant anchor;

  /**
   * @param samples the recorded trace, at least two finite points
   * @param clock the forecaster's clock; "now" at construction becomes the trace's last point
   */
  public ReplayMetricSource(List<Sample> samples, Clock clock) {
    Duration spacing = SeriesCleaner.inferStep(samples);
    this.trace = SeriesCleaner.clean(samples, spacing).series();
    if (trace.size() < 2) {
      throw new IllegalArgumentException("a replay trace needs at least two finite points");
    }
    this.clock = clock;
    this.anchor = SeriesCleaner.align(clock.instant(), spacing);
  }

  @Override
  public String name() {
    return "replay";
  }

  /** The trace's own spacing. */
  public Duration spacing() {
    return trace.step();
  }

  @Override
  public List<Sample> fetch(Instant start, Instant end, Duration step) {
    Instant now = clock.instant();
    Instant last = end.isAfter(now) ? now : end;
    long spacingMillis = trace.step().toMillis();
    long firstK =
        Math.max(-(trace.size() - 1L), Math.ceilDiv(millisFromAnchor(start), spacingMillis));
    long lastK = Math.floorDiv(millisFromAnchor(last), spacingMillis);
    List<Sample> samples = new ArrayList<>();
    for (long k = firstK; k <= lastK; k++) {
      samples.add(new Sample(anchor.plusMillis(k * spacingMillis), valueAt(k)));
    }
    return samples;
  }

  private double valueAt(long k) {
    int n = trace.size();
    long index = Math.floorMod(n - 1 + k, (long) n);
    return trace.valueAt((int) index);
  }

  private long millisFromAnchor(Instant t) {
    return Duration.between(anchor, t).toMillis();
  }
}
