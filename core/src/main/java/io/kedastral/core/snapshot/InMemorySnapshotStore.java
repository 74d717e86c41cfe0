package io.kedastral.core.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default store: one process, lost on restart. Never unavailable. */
public final class InMemorySnapshotStore implements SnapshotStore {
  private final ConcurrentMap<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  @Override
  public void put(Snapshot snapshot) {
    snapshots.put(snapshot.workload(), snapshot);
  }

  @Override
  public Optional<Snapshot> get(String workload) {
    return Optional.ofNullable(snapshots.get(workload));
  }

  @Override
  public List<String> workloads() {
    return snapshots.keySet().stream().sorted().toList();
  }
}
