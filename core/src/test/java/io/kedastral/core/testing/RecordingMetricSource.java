package io.kedastral.core.testing;

import io.kedastral.core.series.Sample;
import io.kedastral.core.source.MetricSource;
import io.kedastral.core.source.MetricSourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * A metric source computed from a function of time, recording every call; can be switched to fail
 * like a dead Prometheus.
 */
public final class RecordingMetricSource implements MetricSource {
  /** One recorded {@code fetch} call. */
  public record Call(Instant start, Instant end, Duration step) {}

  private final ToDoubleFunction<Instant> values;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile MetricSourceException failure;

  public RecordingMetricSource(ToDoubleFunction<Instant> values) {
    this.values = values;
  }

  /** Every later fetch throws {@code failure} (null restores normal answers). */
  public void failWith(MetricSourceException failure) {
    this.failure = failure;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public List<Sample> fetch(Instant start, Instant end, Duration step) {
    calls.add(new Call(start, end, step));
    if (failure != null) {
      throw failure;
    }
    long stepMs = step.toMillis();
    long first = Math.floorDiv(start.toEpochMilli() + stepMs - 1, stepMs);
    List<Sample> out = new ArrayList<>();
    for (long k = first; k * stepMs <= end.toEpochMilli(); k++) {
      Instant t = Instant.ofEpochMilli(k * stepMs);
      out.add(new Sample(t, values.applyAsDouble(t)));
    }
    return out;
  }
}
