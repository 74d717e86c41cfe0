package io.kedastral.core.series;

import java.time.Instant;

/**
 * One raw observation as a source returns it: a time and a value that may still be NaN or infinite.
 * The {@link SeriesCleaner} turns samples into a {@link TimeSeries}.
 */
public record Sample(Instant time, double value) {
  public Sample {
    if (time == null) {
      throw new IllegalArgumentException("time is required");
    }
  }
}
