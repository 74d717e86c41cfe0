package io.kedastral.forecaster.store;

import io.kedastral.core.snapshot.InMemorySnapshotStore;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.config.StorageSettings;
import io.kedastral.forecaster.loop.Leadership;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot store and the leadership of {@code STORAGE}, with the resources they share (the
 * Redis connection), closed together on shutdown.
 */
public final class StorageBackend implements AutoCloseable {
  private final SnapshotStore store;
  private final Leadership leadership;
  private final RedisConnection redis;

  private StorageBackend(SnapshotStore store, Leadership leadership, RedisConnection redis) {
    this.store = store;
    this.leadership = leadership;
    this.redis = redis;
  }

  /**
   * Builds the backend of {@code settings.storage()}; for Redis it connects at once.
   *
   * @param replica a name for this process in the lease token (the pod name); a random suffix makes
   *     the token unique
   * @throws io.kedastral.boot.InvalidConfigurationException when Redis refuses the password or the
   *     database
   */
  public static StorageBackend create(
      ForecasterSettings settings, JsonMapper mapper, ForecasterMetrics metrics, String replica) {
    return switch (settings.storage()) {
      case StorageSettings.Memory m -> {
        InMemorySnapshotStore store = new InMemorySnapshotStore();
        yield new StorageBackend(store, Leadership.always(store), null);
      }
      case StorageSettings.Redis r -> {
        RedisConnection redis = RedisConnection.open(r);
        SnapshotJson json = new SnapshotJson(mapper);
        metrics.registerError("store", "unavailable");
        metrics.registerError("store", "fenced");
        yield new StorageBackend(
            new RedisSnapshotStore(redis, json, r.ttl(), metrics),
            new RedisLeadership(
                redis,
                json,
                settings.workload(),
                replica + "/" + UUID.randomUUID(),
                RedisLeadership.leaseTtl(settings.interval()),
                r.ttl()),
            redis);
      }
    };
  }

  public SnapshotStore store() {
    return store;
  }

  public Leadership leadership() {
    return leadership;
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
