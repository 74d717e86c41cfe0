package io.kedastral.forecaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.SnapshotStoreContract;
import io.kedastral.forecaster.config.StorageSettings;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.kedastral.forecaster.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** {@code REDIS_ADDR=rediss://...}: a Redis that only speaks TLS, with a private CA. */
class RedisTlsIT {
  @RegisterExtension static final RedisServer redis = RedisServer.withTls();

  private StorageSettings.Redis settings(boolean withCa) {
    return new StorageSettings.Redis(
        "rediss://" + redis.address(),
        redis.password(),
        null,
        Duration.ofHours(1),
        withCa ? redis.caFile() : null);
  }

  @Test
  void storesOverTlsVerifiedWithRedisCaFile() {
    try (RedisConnection connection = RedisConnection.open(settings(true))) {
      var store =
          new RedisSnapshotStore(
              connection,
              new SnapshotJson(JsonMapper.builder().build()),
              Duration.ofHours(1),
              new ForecasterMetrics(
                  new SimpleMeterRegistry(), "tls", "replay", "baseline", Clock.systemUTC()));
      Snapshot s = SnapshotStoreContract.snapshot("tls", Instant.parse("2026-11-22T10:00:00Z"), 30);
      store.put(s);
      assertThat(store.get("tls")).contains(s);
      assertThat(redis.command("EXISTS", "kedastral:snapshot:tls")).isEqualTo(":1");
    }
  }

  @Test
  void aCertificateTheJvmDoesNotTrustStopsStartUpNamingRedisCaFile() {
    assertThatThrownBy(() -> RedisConnection.open(settings(false)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("REDIS_ADDR=rediss://" + redis.address())
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("REDIS_CA_FILE");
  }
}
