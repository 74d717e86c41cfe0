package io.kedastral.forecaster.loop;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;

/**
 * Which replica of a workload's forecaster computes and writes (SPEC §1.4: one writer per
 * workload). The {@link ForecastLoop} asks at the start of every tick; only the leader forecasts,
 * and its write is fenced: refused when the lease was lost in the meantime or a newer snapshot is
 * already stored, so a paused ex-leader cannot overwrite its successor.
 *
 * <p>Called from the loop's one thread, except {@link #isLeader()} (any thread).
 */
public interface Leadership {

  /**
   * Acquires the lease when it is free, renews it when this process holds it.
   *
   * @return true when this process leads for this tick
   * @throws StoreUnavailableException when the store cannot be asked; {@link #isLeader()} then
   *     keeps the last known role
   */
  boolean tryLead();

  /**
   * Stores {@code snapshot} if this process still holds the lease and no newer snapshot is stored.
   *
   * @return true when written; false when fenced (this process no longer leads)
   * @throws StoreUnavailableException when the store cannot be reached
   */
  boolean write(Snapshot snapshot);

  /** The role after the last {@link #tryLead()} or {@link #write}. */
  boolean isLeader();

  /** Gives the lease up so another replica takes over at once (shutdown). Never throws. */
  void release();

  /**
   * For one process ({@code STORAGE=memory}): always the leader, writes go straight to the store.
   */
  static Leadership always(SnapshotStore store) {
    return new Leadership() {
      @Override
      public boolean tryLead() {
        return true;
      }

      @Override
      public boolean write(Snapshot snapshot) {
        store.put(snapshot);
        return true;
      }

      @Override
      public boolean isLeader() {
        return true;
      }

      @Override
      public void release() {}
    };
  }
}
