package io.kedastral.core.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A series on a regular grid: {@code values[i]} is the observation at {@code start + i·step}.
 *
 * <p>Every value is finite: sources and the {@link SeriesCleaner} remove gaps and non-finite
 * samples before a series is built, so models never see NaN. The array is copied on the way in and
 * on the way out; use {@link #valueAt(int)} in hot loops.
 */
public final class TimeSeries {
  private final Instant start;
  private final Duration step;
  private final double[] values;

  private TimeSeries(Instant start, Duration step, double[] values, boolean copy) {
    if (start == null || step == null || values == null) {
      throw new IllegalArgumentException("start, step and values are required");
    }
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, was " + step);
    }
    double[] v = copy ? values.clone() : values;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + v[i]);
      }
    }
    this.start = start;
    this.step = step;
    this.values = v;
  }

  /** A series starting at {@code start} with one value per {@code step}. */
  public static TimeSeries of(Instant start, Duration step, double... values) {
    return new TimeSeries(start, step, values, true);
  }

  /** An empty series whose next point would be at {@code start}. */
  public static TimeSeries empty(Instant start, Duration step) {
    return new TimeSeries(start, step, new double[0], false);
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  public long stepSeconds() {
    return step.toSeconds();
  }

  public int size() {
    return values.length;
  }

  public boolean isEmpty() {
    return values.length == 0;
  }

  public double valueAt(int index) {
    return values[index];
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** The time of the observation at {@code index}. */
  public Instant timeAt(int index) {
    return start.plus(step.multipliedBy(index));
  }

  /** The time of the last observation; only for a non-empty series. */
  public Instant end() {
    if (isEmpty()) {
      throw new IllegalStateException("empty series has no end");
    }
    return timeAt(values.length - 1);
  }

  /** The last value; only for a non-empty series. */
  public double last() {
    if (isEmpty()) {
      throw new IllegalStateException("empty series has no last value");
    }
    return values[values.length - 1];
  }

  /** The sub-series {@code [from, to)}. */
  public TimeSeries slice(int from, int to) {
    if (from < 0 || to > values.length || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + values.length);
    }
    return new TimeSeries(timeAt(from), step, Arrays.copyOfRange(values, from, to), false);
  }

  /** The last {@code n} points (all of them when there are fewer). */
  public TimeSeries tail(int n) {
    return slice(Math.max(0, values.length - n), values.length);
  }

  /** Number of season slots of one day at this step, at least 1. */
  public int stepsPerDay() {
    return (int) Math.max(1, Math.round(86_400.0 / step.toSeconds()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeSeries t
        && start.equals(t.start)
        && step.equals(t.step)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * start.hashCode() + step.hashCode()) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TimeSeries[start=" + start + ", step=" + step + ", size=" + values.length + "]";
  }
}
