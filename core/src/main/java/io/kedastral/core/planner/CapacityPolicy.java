package io.kedastral.core.planner;

/**
 * How forecast load becomes replicas (SPEC §2). Every invariant is checked here, so a policy that
 * exists is valid wherever it came from.
 *
 * @param targetPerPod metric value one replica handles; &gt; 0
 * @param headroom multiplier on the point forecast; &ge; 1
 * @param quantileLevel plan on this forecast quantile instead of value × headroom; 0 = off, else in
 *     (0, 1)
 * @param minReplicas lower bound; &ge; 0
 * @param maxReplicas upper bound; &ge; minReplicas
 * @param upMaxFactor per step, replicas grow at most to {@code ceil(prev × factor)}; &ge; 1
 * @param downMaxPercent per step, replicas shrink at most this percentage; 0 = never down, 100 =
 *     unlimited
 * @param prewarmSteps plan each step for the maximum need over this many following steps; &ge; 0
 * @param reactiveFloor never plan below what the latest observed value needs within the lead window
 * @param leadSteps how many first steps the reactive floor covers; &ge; 0
 * @param calibratedMargin without a quantile level, plan on the forecast's own 0.9 quantile (the
 *     model's calibrated error bound) capped at {@code value × headroom} and never below the value,
 *     instead of always {@code value × headroom}; a forecast without that quantile falls back to
 *     {@code value × headroom} ({@code docs/planner.md})
 */
public record CapacityPolicy(
    double targetPerPod,
    double headroom,
    double quantileLevel,
    int minReplicas,
    int maxReplicas,
    double upMaxFactor,
    double downMaxPercent,
    int prewarmSteps,
    boolean reactiveFloor,
    int leadSteps,
    boolean calibratedMargin) {

  /** The forecast quantile the calibrated margin plans on. */
  public static final double MARGIN_LEVEL = 0.9;

  /** A policy with SPEC §2's fixed headroom (no calibrated margin). */
  public CapacityPolicy(
      double targetPerPod,
      double headroom,
      double quantileLevel,
      int minReplicas,
      int maxReplicas,
      double upMaxFactor,
      double downMaxPercent,
      int prewarmSteps,
      boolean reactiveFloor,
      int leadSteps) {
    this(
        targetPerPod,
        headroom,
        quantileLevel,
        minReplicas,
        maxReplicas,
        upMaxFactor,
        downMaxPercent,
        prewarmSteps,
        reactiveFloor,
        leadSteps,
        false);
  }

  public CapacityPolicy {
    require(Double.isFinite(targetPerPod) && targetPerPod > 0, "targetPerPod must be > 0");
    require(Double.isFinite(headroom) && headroom >= 1, "headroom must be >= 1");
    require(
        quantileLevel == 0 || (quantileLevel > 0 && quantileLevel < 1),
        "quantileLevel must be 0 (off) or in (0, 1)");
    require(minReplicas >= 0, "minReplicas must be >= 0");
    require(maxReplicas >= minReplicas, "maxReplicas must be >= minReplicas");
    require(Double.isFinite(upMaxFactor) && upMaxFactor >= 1, "upMaxFactor must be >= 1");
    require(downMaxPercent >= 0 && downMaxPercent <= 100, "downMaxPercent must be in [0, 100]");
    require(prewarmSteps >= 0, "prewarmSteps must be >= 0");
    require(leadSteps >= 0, "leadSteps must be >= 0");
  }

  /**
   * The SPEC defaults: target 100, headroom 1.2, replicas 1..100, ×2 up, 50 % down, fixed headroom
   * ({@code SAFETY_MARGIN=headroom}, the service's default too; {@code calibrated} is opt-in).
   */
  public static CapacityPolicy defaults() {
    return new CapacityPolicy(100, 1.2, 0, 1, 100, 2.0, 50, 0, true, 5);
  }

  public boolean usesQuantile() {
    return quantileLevel > 0;
  }

  public CapacityPolicy withReplicaBounds(int min, int max) {
    return new CapacityPolicy(
        targetPerPod,
        headroom,
        quantileLevel,
        min,
        max,
        upMaxFactor,
        downMaxPercent,
        prewarmSteps,
        reactiveFloor,
        leadSteps,
        calibratedMargin);
  }

  /** This policy with the calibrated margin on or off. */
  public CapacityPolicy withCalibratedMargin(boolean on) {
    return new CapacityPolicy(
        targetPerPod,
        headroom,
        quantileLevel,
        minReplicas,
        maxReplicas,
        upMaxFactor,
        downMaxPercent,
        prewarmSteps,
        reactiveFloor,
        leadSteps,
        on);
  }

  /** The quantile levels a forecast should carry for this policy (empty: none needed). */
  public java.util.List<Double> quantileLevelsNeeded() {
    if (usesQuantile()) {
      return java.util.List.of(quantileLevel);
    }
    return calibratedMargin ? java.util.List.of(MARGIN_LEVEL) : java.util.List.of();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
