package io.kedastral.forecaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.testing.SnapshotStoreContract;
import io.kedastral.forecaster.config.StorageSettings;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.kedastral.forecaster.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** The SnapshotStore contract and the Redis specifics against a real, password-protected Redis. */
class RedisSnapshotStoreIT extends SnapshotStoreContract {
  @RegisterExtension static final RedisServer redis = new RedisServer();

  private static final List<RedisConnection> opened = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ForecasterMetrics metrics =
      new ForecasterMetrics(registry, "my-api", "replay", "baseline", Clock.systemUTC());
  private final SnapshotJson json = new SnapshotJson(JsonMapper.builder().build());

  private static StorageSettings.Redis settings(Integer db, Duration ttl) {
    return new StorageSettings.Redis(redis.address(), redis.password(), db, ttl);
  }

  private RedisSnapshotStore store(Integer db, Duration ttl) {
    RedisConnection connection = RedisConnection.open(settings(db, ttl));
    opened.add(connection);
    return new RedisSnapshotStore(connection, json, ttl, metrics);
  }

  @AfterAll
  static void closeConnections() {
    opened.forEach(RedisConnection::close);
  }

  @Override
  protected SnapshotStore emptyStore() {
    redis.command("FLUSHALL");
    return store(null, Duration.ofHours(1));
  }

  @Test
  void storesTheServedJsonUnderTheContractKeyWithTheTtl() {
    redis.command("FLUSHALL");
    Snapshot s = snapshot("my-api", T0, 30);
    store(null, Duration.ofMinutes(10)).put(s);
    String stored = redis.command("GET", "kedastral:snapshot:my-api");
    assertThat(stored).isEqualTo(json.write(s)).startsWith("{\"workload\":\"my-api\",\"metric\"");
    long ttl = Long.parseLong(redis.command("TTL", "kedastral:snapshot:my-api").substring(1));
    assertThat(ttl).isBetween(590L, 600L);
  }

  @Test
  void aSnapshotExpiresAfterTheTtl() {
    redis.command("FLUSHALL");
    RedisSnapshotStore store = store(null, Duration.ofSeconds(1));
    store.put(snapshot("short-lived", T0, 5));
    assertThat(store.get("short-lived")).isPresent();
    await().atMost(Duration.ofSeconds(5)).until(() -> store.get("short-lived").isEmpty());
    assertThat(store.workloads()).doesNotContain("short-lived");
  }

  @Test
  void databasesAreIsolated() {
    redis.command("FLUSHALL");
    RedisSnapshotStore db0 = store(null, Duration.ofHours(1));
    RedisSnapshotStore db3 = store(3, Duration.ofHours(1));
    db3.put(snapshot("in-three", T0, 5));
    assertThat(db3.get("in-three")).isPresent();
    assertThat(db0.get("in-three")).isEmpty();
    assertThat(db0.workloads()).isEmpty();
    assertThat(db3.workloads()).containsExactly("in-three");
  }

  @Test
  void anUnreadableValueReadsAsAbsentAndIsCounted() {
    redis.command("FLUSHALL");
    RedisSnapshotStore store = store(null, Duration.ofHours(1));
    redis.command("SET", "kedastral:snapshot:broken", "{\"workload\":\"broken\",\"values\":");
    String nan =
        json.write(snapshot("nan", T0, 2))
            .replaceFirst("\"values\":\\[[^,]+", "\"values\":[\"NaN\"");
    redis.command("SET", "kedastral:snapshot:nan", nan);
    assertThat(store.get("broken")).isEmpty();
    assertThat(store.get("nan")).isEmpty();
    assertThat(
            registry
                .find(ForecasterMetrics.ERRORS)
                .tag("component", "store")
                .tag("reason", "unreadable")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void aWrongPasswordIsAConfigurationErrorThatNamesTheAddressButNotThePassword() {
    var wrong =
        new StorageSettings.Redis(redis.address(), "not-the-password", null, Duration.ofHours(1));
    assertThatThrownBy(() -> RedisConnection.open(wrong))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("REDIS_PASSWORD is rejected by Redis at " + redis.address())
        .hasMessageContaining("WRONGPASS")
        .hasMessageNotContaining("not-the-password");
    var none = new StorageSettings.Redis(redis.address(), null, null, Duration.ofHours(1));
    assertThatThrownBy(() -> RedisConnection.open(none))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("REDIS_PASSWORD is required by Redis at " + redis.address());
  }

  @Test
  void aDatabaseTheServerDoesNotHaveIsAConfigurationError() {
    assertThatThrownBy(() -> RedisConnection.open(settings(99, Duration.ofHours(1))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("REDIS_DB='99' is refused by Redis at " + redis.address());
  }
}
