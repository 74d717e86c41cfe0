package io.kedastral.core.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * Where snapshots live between the forecast loop (the only writer) and the HTTP API (readers).
 * Implementations are thread-safe. Every method may throw {@link StoreUnavailableException} when
 * the backing store cannot be reached; it never returns a partial or corrupt snapshot.
 */
public interface SnapshotStore {

  /** Stores {@code snapshot} as the current one of its workload, replacing any older one. */
  void put(Snapshot snapshot);

  /** The current snapshot of {@code workload}, or empty when there is none (yet). */
  Optional<Snapshot> get(String workload);

  /** The workloads that have a snapshot, sorted. */
  List<String> workloads();
}
