package io.kedastral.core.planner;

import io.kedastral.core.model.Forecast;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Turns a forecast into desired replicas per step, exactly as SPEC §2 (maths and a worked example
 * in {@code docs/planner.md}):
 *
 * <ol>
 *   <li>{@code need_i = (quantile_i if a quantile level is set and forecast, else value_i ×
 *       headroom) / targetPerPod}, negative load counted as 0; with the calibrated margin and no
 *       quantile level, {@code value_i × headroom} becomes {@code max(value_i, min(q90_i, value_i ×
 *       headroom))} when the forecast has its 0.9 quantile {@code q90}: the margin is the model's
 *       own calibrated error bound, the headroom its cap;
 *   <li>{@code n_i = max(need_i .. need_{i+prewarm})};
 *   <li>{@code r_i = ceil(n_i)} clamped to {@code [min, max]};
 *   <li>the change from the previous step is limited: up to {@code ceil(prev × upMaxFactor)} (from
 *       0 replicas to {@code ceil(upMaxFactor)}), down to {@code ceil(prev × (1 -
 *       downMaxPercent/100))};
 *   <li>clamped to bounds again;
 *   <li>with the reactive floor, the first {@code leadSteps} steps are at least {@code
 *       ceil(observed × headroom / targetPerPod)} (never above max).
 * </ol>
 *
 * <p>The previous replicas of step 0 is the last snapshot's step 0. Without one (cold start) step 0
 * is not rate-limited: nothing is known about the running replica count, and holding it back would
 * under-provision exactly when the service starts.
 */
public final class CapacityPlanner {
  private static final double MARGIN_LEVEL = CapacityPolicy.MARGIN_LEVEL;

  /**
   * Relative tolerance so that float noise (125 × 1.2 / 50 = 3.0000000000000004) rounds as meant.
   */
  private static final double CEIL_EPSILON = 1e-9;

  private final CapacityPolicy policy;

  public CapacityPlanner(CapacityPolicy policy) {
    this.policy = policy;
  }

  public CapacityPolicy policy() {
    return policy;
  }

  /**
   * Plans replicas for every step of {@code forecast}.
   *
   * @param forecast the model's output
   * @param previousReplicas step 0 of the last snapshot, empty on a cold start
   * @param observed the latest observed metric value, empty when unknown (disables the floor)
   */
  public int[] plan(Forecast forecast, OptionalInt previousReplicas, OptionalDouble observed) {
    double[] load = planningLoad(forecast);
    int n = load.length;
    double[] need = new double[n];
    for (int i = 0; i < n; i++) {
      need[i] = Math.max(0, load[i]) / policy.targetPerPod();
    }
    int floor = reactiveFloor(observed);
    int[] replicas = new int[n];
    Integer prev = previousReplicas.isPresent() ? previousReplicas.getAsInt() : null;
    for (int i = 0; i < n; i++) {
      int r = clamp(ceil(windowMax(need, i)));
      if (prev != null) {
        r = clamp(limitChange(prev, r));
      }
      if (i < policy.leadSteps()) {
        r = Math.max(r, floor);
      }
      replicas[i] = r;
      prev = r;
    }
    return replicas;
  }

  /** Replicas needed to serve {@code value} with headroom, within bounds. */
  public int replicasFor(double value) {
    return clamp(ceil(Math.max(0, value) * policy.headroom() / policy.targetPerPod()));
  }

  private double[] planningLoad(Forecast forecast) {
    if (policy.usesQuantile()) {
      double[] q = forecast.quantiles().get(policy.quantileLevel());
      if (q != null) {
        return q.clone();
      }
    }
    double[] v = forecast.values();
    double[] bound = policy.calibratedMargin() ? forecast.quantiles().get(MARGIN_LEVEL) : null;
    for (int i = 0; i < v.length; i++) {
      double capped = v[i] * policy.headroom();
      v[i] = bound == null ? capped : Math.max(v[i], Math.min(bound[i], capped));
    }
    return v;
  }

  private int reactiveFloor(OptionalDouble observed) {
    if (!policy.reactiveFloor() || observed.isEmpty() || !Double.isFinite(observed.getAsDouble())) {
      return 0;
    }
    return replicasFor(observed.getAsDouble());
  }

  private double windowMax(double[] need, int i) {
    double max = need[i];
    int end = Math.min(need.length - 1, i + policy.prewarmSteps());
    for (int j = i + 1; j <= end; j++) {
      max = Math.max(max, need[j]);
    }
    return max;
  }

  private int limitChange(int prev, int next) {
    int from = Math.max(0, prev);
    int maxUp = from == 0 ? ceil(policy.upMaxFactor()) : ceil(from * policy.upMaxFactor());
    int minDown = ceil(from * (1 - policy.downMaxPercent() / 100.0));
    return Math.max(minDown, Math.min(maxUp, next));
  }

  private int clamp(int r) {
    return Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), r));
  }

  /**
   * The ceiling every replica count uses, tolerant of float noise, at least 0.
   *
   * @throws IllegalArgumentException for a non-finite {@code x}
   */
  public static int ceil(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("not finite: " + x);
    }
    double adjusted = x - CEIL_EPSILON * Math.max(1, Math.abs(x));
    double c = Math.ceil(adjusted);
    return c >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, c);
  }
}
