package io.kedastral.core.backtest;

/**
 * How one replica policy fared against the replicas actually needed, over the evaluated steps of a
 * capacity backtest ({@code docs/BACKTEST.md}).
 *
 * @param policy {@code forecast}, {@code reactive} or {@code oracle}
 * @param steps evaluated steps
 * @param underProvisionedSteps steps with fewer replicas in effect than needed
 * @param underProvisionedRate {@code underProvisionedSteps / steps}
 * @param meanOverProvision mean over the steps of {@code max(0, replicas - needed)}
 * @param meanReplicas mean replicas in effect: the policy's cost
 */
public record CapacityFigures(
    String policy,
    int steps,
    int underProvisionedSteps,
    double underProvisionedRate,
    double meanOverProvision,
    double meanReplicas) {

  public CapacityFigures {
    if (steps < 1 || underProvisionedSteps < 0 || underProvisionedSteps > steps) {
      throw new IllegalArgumentException(
          "need 0 <= underProvisionedSteps <= steps and steps >= 1, got "
              + underProvisionedSteps
              + ", "
              + steps);
    }
    if (!(meanOverProvision >= 0) || !(meanReplicas >= 0)) {
      throw new IllegalArgumentException("means must be finite and >= 0");
    }
  }

  /** Scores {@code replicas[i]} against {@code needed[i]}. */
  static CapacityFigures of(String policy, int[] replicas, int[] needed) {
    int under = 0;
    long over = 0;
    long total = 0;
    for (int i = 0; i < replicas.length; i++) {
      under += replicas[i] < needed[i] ? 1 : 0;
      over += Math.max(0, replicas[i] - needed[i]);
      total += replicas[i];
    }
    int n = replicas.length;
    return new CapacityFigures(
        policy, n, under, (double) under / n, (double) over / n, (double) total / n);
  }
}
