package io.kedastral.core.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The forecast of one workload as served at {@code /forecast/current} and stored in Redis: the
 * contract between forecaster and scaler (SPEC §1.3). The first seven components are the classic
 * keys every reader relies on; {@code model} and {@code quantiles} are additions a tolerant reader
 * ignores.
 *
 * <p>{@code values[i]} and {@code desiredReplicas[i]} are for {@code generatedAt + (i+1)·step}.
 * Every number is finite and every array has {@code horizonSeconds / stepSeconds} entries, so a
 * snapshot that exists can be served as it is. {@code generatedAt} is kept to whole seconds (RFC
 * 3339 without fractions).
 */
public record Snapshot(
    String workload,
    String metric,
    Instant generatedAt,
    long stepSeconds,
    long horizonSeconds,
    List<Double> values,
    List<Integer> desiredReplicas,
    String model,
    Map<String, List<Double>> quantiles) {

  /** More steps than any forecaster writes (HORIZON is at most 10,000 steps). */
  public static final int MAX_STEPS = 1_000_000;

  /** The workload name rule shared by forecaster and scaler (DNS-label-like, 1–253 chars). */
  public static final Pattern WORKLOAD_NAME =
      Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,251}[a-zA-Z0-9])?$");

  public Snapshot {
    requireValidWorkload(workload);
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(generatedAt, "generatedAt");
    generatedAt = generatedAt.truncatedTo(ChronoUnit.SECONDS);
    if (stepSeconds <= 0) {
      throw new IllegalArgumentException("stepSeconds must be > 0, was " + stepSeconds);
    }
    if (horizonSeconds < stepSeconds) {
      throw new IllegalArgumentException("horizonSeconds must be >= stepSeconds");
    }
    long stepCount = horizonSeconds / stepSeconds;
    if (stepCount > MAX_STEPS) {
      // found while writing SnapshotFuzzTest: Math.toIntExact threw ArithmeticException here
      throw new IllegalArgumentException(
          "horizonSeconds / stepSeconds must be at most " + MAX_STEPS + ", was " + stepCount);
    }
    int steps = (int) stepCount;
    values = finiteList("values", values, steps);
    Objects.requireNonNull(desiredReplicas, "desiredReplicas");
    if (desiredReplicas.size() != steps) {
      throw new IllegalArgumentException(
          "desiredReplicas has " + desiredReplicas.size() + " entries, expected " + steps);
    }
    for (Integer r : desiredReplicas) {
      if (r == null || r < 0) {
        throw new IllegalArgumentException("desiredReplicas must be >= 0, was " + r);
      }
    }
    desiredReplicas = List.copyOf(desiredReplicas);
    model = model == null ? "" : model;
    LinkedHashMap<String, List<Double>> q = new LinkedHashMap<>();
    if (quantiles != null) {
      quantiles.forEach((level, v) -> q.put(level, finiteList("quantile " + level, v, steps)));
    }
    quantiles = Map.copyOf(q);
  }

  /** Throws when {@code workload} does not follow {@link #WORKLOAD_NAME}. */
  public static void requireValidWorkload(String workload) {
    if (workload == null || !WORKLOAD_NAME.matcher(workload).matches()) {
      throw new IllegalArgumentException(
          "workload must match " + WORKLOAD_NAME.pattern() + " (1-253 characters)");
    }
  }

  public Duration step() {
    return Duration.ofSeconds(stepSeconds);
  }

  /** How old the snapshot is at {@code now} (never negative). */
  public Duration age(Instant now) {
    Duration age = Duration.between(generatedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** True when the snapshot is older than {@code maxAge} at {@code now}. */
  public boolean isStale(Instant now, Duration maxAge) {
    return age(now).compareTo(maxAge) > 0;
  }

  private static List<Double> finiteList(String what, List<Double> list, int expected) {
    Objects.requireNonNull(list, what);
    if (list.size() != expected) {
      throw new IllegalArgumentException(
          what + " has " + list.size() + " entries, expected " + expected);
    }
    for (Double d : list) {
      if (d == null || !Double.isFinite(d)) {
        throw new IllegalArgumentException(what + " contains a non-finite number: " + d);
      }
    }
    return List.copyOf(list);
  }
}
