package io.kedastral.core.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Turns raw samples into a regular, finite {@link TimeSeries}.
 *
 * <p>Each sample is snapped to the nearest multiple of {@code step} since the epoch (so series
 * fetched at different times share one grid); samples falling on one slot are averaged; NaN and
 * infinite samples are dropped; missing slots between two known values are filled by linear
 * interpolation. Leading and trailing slots without a value are not invented: the series starts at
 * the first and ends at the last finite sample.
 */
public final class SeriesCleaner {
  private SeriesCleaner() {}

  /** What cleaning produced and how much it had to repair. */
  public record Result(TimeSeries series, int nonFiniteDropped, int interpolated) {}

  /** Snaps {@code time} to the nearest grid slot of {@code step}. */
  public static Instant align(Instant time, Duration step) {
    long stepMillis = step.toMillis();
    return Instant.ofEpochMilli(slot(time, stepMillis) * stepMillis);
  }

  /** The grid slot of {@code step} at or before {@code time}. */
  public static Instant alignDown(Instant time, Duration step) {
    long stepMillis = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), stepMillis) * stepMillis);
  }

  private static long slot(Instant time, long stepMillis) {
    return Math.floorDiv(time.toEpochMilli() + stepMillis / 2, stepMillis);
  }

  /**
   * The step of a recorded trace: the median time between consecutive distinct timestamps, rounded
   * to whole seconds (recorded traces drift by a few milliseconds), at least one second.
   *
   * @throws IllegalArgumentException with fewer than two distinct timestamps
   */
  public static Duration inferStep(Collection<Sample> samples) {
    long[] t =
        samples.stream().mapToLong(s -> s.time().toEpochMilli()).sorted().distinct().toArray();
    if (t.length < 2) {
      throw new IllegalArgumentException("need two distinct timestamps to infer a step");
    }
    long[] gaps = new long[t.length - 1];
    for (int i = 1; i < t.length; i++) {
      gaps[i - 1] = t[i] - t[i - 1];
    }
    Arrays.sort(gaps);
    return Duration.ofSeconds(Math.max(1, Math.round(gaps[gaps.length / 2] / 1000.0)));
  }

  /** Cleans {@code samples} onto the grid of {@code step}. */
  public static Result clean(Collection<Sample> samples, Duration step) {
    long stepMillis = step.toMillis();
    if (stepMillis <= 0) {
      throw new IllegalArgumentException("step must be at least 1 ms, was " + step);
    }
    TreeMap<Long, double[]> slots = new TreeMap<>(); // slot -> {sum, count}
    int dropped = 0;
    for (Sample s : samples) {
      if (!Double.isFinite(s.value())) {
        dropped++;
        continue;
      }
      long slot = slot(s.time(), stepMillis);
      double[] acc = slots.computeIfAbsent(slot, k -> new double[2]);
      acc[0] += s.value();
      acc[1] += 1;
    }
    if (slots.isEmpty()) {
      return new Result(TimeSeries.empty(Instant.EPOCH, step), dropped, 0);
    }
    long first = slots.firstKey();
    long last = slots.lastKey();
    int n = Math.toIntExact(last - first + 1);
    double[] values = new double[n];
    boolean[] known = new boolean[n];
    slots.forEach(
        (slot, acc) -> {
          int i = (int) (slot - first);
          values[i] = acc[0] / acc[1];
          known[i] = true;
        });
    int interpolated = fillGaps(values, known);
    return new Result(
        TimeSeries.of(Instant.ofEpochMilli(first * stepMillis), step, values),
        dropped,
        interpolated);
  }

  private static int fillGaps(double[] values, boolean[] known) {
    int filled = 0;
    int prev = 0; // index 0 is always known: it is the first slot
    for (int i = 1; i < values.length; i++) {
      if (!known[i]) {
        continue;
      }
      int gap = i - prev - 1;
      for (int k = 1; k <= gap; k++) {
        values[prev + k] = values[prev] + (values[i] - values[prev]) * k / (gap + 1);
      }
      filled += gap;
      prev = i;
    }
    return filled;
  }
}
