package io.kedastral.forecaster.store;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots in Redis (SPEC §1.4): key {@code kedastral:snapshot:<workload>}, value the snapshot
 * JSON served by {@code /forecast/current}, {@code SET ... EX REDIS_TTL}. Every Lettuce failure
 * becomes a {@link io.kedastral.core.snapshot.StoreUnavailableException}; a stored value that is
 * not a valid snapshot reads as absent, with one ERROR log and {@code
 * kedastral_errors_total{component="store",reason="unreadable"}}.
 *
 * <p>{@link #put} writes unconditionally; the forecast loop writes through {@link RedisLeadership}
 * instead, whose write is fenced by the lease.
 */
public final class RedisSnapshotStore implements SnapshotStore {
  private static final Logger log = LoggerFactory.getLogger(RedisSnapshotStore.class);
  private static final int SCAN_COUNT = 100;

  private final RedisConnection redis;
  private final SnapshotJson json;
  private final Duration ttl;
  private final ForecasterMetrics metrics;

  public RedisSnapshotStore(
      RedisConnection redis, SnapshotJson json, Duration ttl, ForecasterMetrics metrics) {
    this.redis = redis;
    this.json = json;
    this.ttl = ttl;
    this.metrics = metrics;
    metrics.registerError("store", "unreadable");
  }

  @Override
  public void put(Snapshot snapshot) {
    String value = json.write(snapshot);
    try {
      redis.commands().set(RedisKeys.snapshot(snapshot.workload()), value, SetArgs.Builder.ex(ttl));
    } catch (RedisException e) {
      throw redis.unavailable(e);
    }
  }

  @Override
  public Optional<Snapshot> get(String workload) {
    String value;
    try {
      value = redis.commands().get(RedisKeys.snapshot(workload));
    } catch (RedisException e) {
      throw redis.unavailable(e);
    }
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.read(value));
    } catch (IllegalArgumentException e) {
      metrics.error("store", "unreadable");
      log.error(
          "ignoring unreadable value at {} ({} bytes): {}",
          RedisKeys.snapshot(workload),
          value.length(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** The workloads with a snapshot, found with {@code SCAN} (never {@code KEYS}). */
  @Override
  public List<String> workloads() {
    TreeSet<String> names = new TreeSet<>();
    ScanArgs args = ScanArgs.Builder.matches(RedisKeys.SNAPSHOT_PREFIX + "*").limit(SCAN_COUNT);
    try {
      RedisCommands<String, String> commands = redis.commands();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        var page = commands.scan(cursor, args);
        for (String key : page.getKeys()) {
          String name = key.substring(RedisKeys.SNAPSHOT_PREFIX.length());
          if (Snapshot.WORKLOAD_NAME.matcher(name).matches()) {
            names.add(name);
          }
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RedisException e) {
      throw redis.unavailable(e);
    }
    return List.copyOf(names);
  }
}
