package io.kedastral.benchmarks;

import io.kedastral.core.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** The benchmarks' input: 7 days at 1-minute step, a daily pattern with AR(1) noise, seeded. */
final class SyntheticWindow {
  static final int DAY = 1440;

  private SyntheticWindow() {}

  static TimeSeries sevenDaysAtOneMinute() {
    Random rnd = new Random(42);
    double[] v = new double[7 * DAY];
    double noise = 0;
    for (int i = 0; i < v.length; i++) {
      noise = 0.8 * noise + 15 * rnd.nextGaussian();
      v[i] = 400 + 250 * Math.sin(2 * Math.PI * i / DAY) + noise;
    }
    return TimeSeries.of(Instant.parse("2026-11-02T00:00:00Z"), Duration.ofMinutes(1), v);
  }
}
