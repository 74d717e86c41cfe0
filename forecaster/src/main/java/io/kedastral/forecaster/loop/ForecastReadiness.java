package io.kedastral.forecaster.loop;

import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of {@code /readyz}: ready while the store holds a snapshot of the workload, that is while
 * {@code /forecast/current} would answer 200 — whoever made it (this process or, with Redis, the
 * leading replica). Not ready while there is none yet, or while the store cannot be reached.
 */
public final class ForecastReadiness implements HealthIndicator {
  private final SnapshotStore store;
  private final String workload;

  public ForecastReadiness(SnapshotStore store, String workload) {
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
    return Health.outOfService().withDetail("reason", "no snapshot yet").build();
  }
}
