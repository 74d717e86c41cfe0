package io.kedastral.core.snapshot;

import io.kedastral.core.testing.SnapshotStoreContract;

class InMemorySnapshotStoreTest extends SnapshotStoreContract {
  @Override
  protected SnapshotStore emptyStore() {
    return new InMemorySnapshotStore();
  }
}
