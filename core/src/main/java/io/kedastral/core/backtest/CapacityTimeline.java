package io.kedastral.core.backtest;

import java.time.Duration;
import java.time.Instant;

/**
 * The evaluated steps of a capacity backtest, one entry per step from {@code start}: what the chart
 * draws. Arrays are shared, not copied: this is a read-only result, built once.
 *
 * @param actual observed values
 * @param forecast the latest forecast for each step (from the last origin at or before it)
 * @param p90 its 0.9 quantile, NaN where the model gave none
 * @param needed {@code max(MIN, ceil(actual / TARGET_PER_POD))}
 * @param forecastReplicas replicas in effect under the forecast plan
 * @param reactiveReplicas under the reactive policy
 * @param oracleReplicas under perfect foresight
 */
public record CapacityTimeline(
    Instant start,
    Duration step,
    double[] actual,
    double[] forecast,
    double[] p90,
    int[] needed,
    int[] forecastReplicas,
    int[] reactiveReplicas,
    int[] oracleReplicas) {

  public CapacityTimeline {
    int n = actual.length;
    if (n == 0
        || forecast.length != n
        || p90.length != n
        || needed.length != n
        || forecastReplicas.length != n
        || reactiveReplicas.length != n
        || oracleReplicas.length != n) {
      throw new IllegalArgumentException("every curve needs the same, non-zero length");
    }
  }

  public int size() {
    return actual.length;
  }

  public Instant timeAt(int i) {
    return start.plus(step.multipliedBy(i));
  }
}
