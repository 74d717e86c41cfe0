package io.kedastral.forecaster.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.snapshot.InMemorySnapshotStore;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.core.testing.SnapshotStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class ForecastReadinessTest {
  private final InMemorySnapshotStore store = new InMemorySnapshotStore();

  @Test
  void readyExactlyWhileTheStoreHoldsASnapshotOfTheWorkload() {
    ForecastReadiness readiness = new ForecastReadiness(store, "my-api");
    assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(readiness.health().getDetails()).containsEntry("reason", "no snapshot yet");
    store.put(SnapshotStoreContract.snapshot("other", Instant.EPOCH, 2));
    assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    // made by whichever replica leads
    store.put(SnapshotStoreContract.snapshot("my-api", Instant.EPOCH, 2));
    assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void notReadyWhileTheStoreIsUnreachable() {
    SnapshotStore down =
        new SnapshotStore() {
          @Override
          public void put(Snapshot snapshot) {
            throw new StoreUnavailableException("down", null);
          }

          @Override
          public Optional<Snapshot> get(String workload) {
            throw new StoreUnavailableException("down", null);
          }

          @Override
          public List<String> workloads() {
            throw new StoreUnavailableException("down", null);
          }
        };
    var health = new ForecastReadiness(down, "my-api").health();
    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails()).containsEntry("reason", "snapshot store unavailable");
  }
}
