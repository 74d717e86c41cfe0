package io.kedastral.forecaster.loop;

import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of {@code /readyz}: ready once there is a snapshot to serve, made by this process or found
 * in the store; not ready while the store cannot be reached.
 */
public final class ForecastReadiness implements HealthIndicator {
  private final ForecastLoop loop;
  private final SnapshotStore store;
  private final String workload;

  public ForecastReadiness(ForecastLoop loop, SnapshotStore store, String workload) {
    this.loop = loop;
    this.store = store;
    this.workload = workload;
  }

  @Override
  public Health health() {
    try {
      if (store.get(workload).isPresent()) {
        return Health.up().build();
      }
    } catch (StoreUnavailableException e) {
      return Health.outOfService().withDetail("reason", "snapshot store unavailable").build();
    }
    if (loop.lastPublished().isPresent()) {
      return Health.up().build();
    }
    return Health.outOfService().withDetail("reason", "no snapshot yet").build();
  }
}
