package io.kedastral.forecaster.loop;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;

/** A leadership the test steers: who leads, whether the next write is fenced, store outages. */
final class FakeLeadership implements Leadership {
  private final SnapshotStore store;
  private final List<Snapshot> written = new ArrayList<>();
  private boolean lease = true;
  private boolean leader;
  private boolean fenceWrites;
  private boolean unreachable;
  private int tryLeadCalls;
  private int released;

  FakeLeadership(SnapshotStore store) {
    this.store = store;
  }

  void grantLease(boolean granted) {
    lease = granted;
  }

  void fenceWrites(boolean fence) {
    fenceWrites = fence;
  }

  void unreachable(boolean down) {
    unreachable = down;
  }

  List<Snapshot> written() {
    return written;
  }

  int tryLeadCalls() {
    return tryLeadCalls;
  }

  int released() {
    return released;
  }

  @Override
  public boolean tryLead() {
    tryLeadCalls++;
    if (unreachable) {
      throw new StoreUnavailableException("store down", null);
    }
    leader = lease;
    return leader;
  }

  @Override
  public boolean write(Snapshot snapshot) {
    if (unreachable) {
      throw new StoreUnavailableException("store down", null);
    }
    if (fenceWrites || !lease) {
      leader = false;
      return false;
    }
    written.add(snapshot);
    store.put(snapshot);
    return true;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public void release() {
    released++;
    leader = false;
  }
}
