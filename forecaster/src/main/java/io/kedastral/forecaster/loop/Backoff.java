package io.kedastral.forecaster.loop;

import java.time.Duration;

/**
 * Delay before the next tick: the interval after a success; after {@code n} failures in a row
 * {@code interval × 2^(n-1)}, capped at {@code max(interval, 5m)}, so a dead source is not hammered
 * and is still retried often enough to recover quickly.
 */
public record Backoff(Duration interval, Duration cap) {
  public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

  public Backoff {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    cap = cap.compareTo(interval) < 0 ? interval : cap;
  }

  public static Backoff forInterval(Duration interval) {
    return new Backoff(interval, DEFAULT_CAP);
  }

  /** The delay after {@code consecutiveFailures} failures (0 = the last tick succeeded). */
  public Duration delayAfter(int consecutiveFailures) {
    if (consecutiveFailures <= 0) {
      return interval;
    }
    int shift = Math.min(consecutiveFailures - 1, 20);
    Duration d = interval.multipliedBy(1L << shift);
    return d.compareTo(cap) > 0 ? cap : d;
  }
}
