package io.kedastral.core.source;

import io.kedastral.core.series.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one workload's metric comes from (Prometheus, VictoriaMetrics, a replayed trace). Called by
 * the forecast loop from a single thread: once with the whole window on start-up, then with only
 * the range since the last point on each tick.
 */
public interface MetricSource {

  /** Short name for logs and metric labels ({@code prometheus}, {@code replay}, ...). */
  String name();

  /**
   * Returns the raw samples in {@code [start, end]} at resolution {@code step}, summed over all
   * series per timestamp, in any order. Samples may be NaN or infinite (the cleaner drops them); an
   * empty list means the source has no data for that range.
   *
   * @throws MetricSourceException when the source cannot answer (unreachable, rejected query,
   *     malformed answer)
   */
  List<Sample> fetch(Instant start, Instant end, Duration step);
}
