package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.boot.InvalidConfigurationException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** STORAGE and the REDIS_* variables. */
class StorageSettingsTest {

  private static StorageSettings.Redis redis(String... overrides) {
    String[] all = new String[overrides.length + 2];
    all[0] = "STORAGE";
    all[1] = "redis";
    System.arraycopy(overrides, 0, all, 2, overrides.length);
    return (StorageSettings.Redis) TestSettings.parse(all).storage();
  }

  private static char[] password(RedisURI uri) {
    return credentials(uri).getPassword();
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  void memoryIsTheDefaultAndIgnoresTheRedisVariables() {
    assertThat(TestSettings.parse().storage()).isInstanceOf(StorageSettings.Memory.class);
    assertThat(TestSettings.parse("REDIS_ADDR", "::nonsense", "REDIS_TTL", "x").storage())
        .isInstanceOf(StorageSettings.Memory.class);
  }

  @Test
  void redisDefaultsToLocalhostDatabaseZeroAndAnHourOfTtl() {
    StorageSettings.Redis r = redis();
    RedisURI uri = r.uri();
    assertThat(uri.getHost()).isEqualTo("localhost");
    assertThat(uri.getPort()).isEqualTo(6379);
    assertThat(uri.getDatabase()).isZero();
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(r.displayAddress()).isEqualTo("localhost:6379 (database 0)");
    assertThat(TestSettings.parse("STORAGE", "REDIS").storage())
        .isInstanceOf(StorageSettings.Redis.class);
  }

  @Test
  void hostPortAndIpv6AreAccepted() {
    RedisURI uri = redis("REDIS_ADDR", "redis.cache.svc:6380", "REDIS_DB", "4").uri();
    assertThat(uri.getHost()).isEqualTo("redis.cache.svc");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(4);
    assertThat(redis("REDIS_ADDR", "[::1]:6379").uri().getHost()).isEqualTo("::1");
  }

  @Test
  void uriFormsKeepTheirOptionsAndTheVariablesOverrideThem() {
    StorageSettings.Redis tls = redis("REDIS_ADDR", "rediss://:in-uri@redis:6379/3");
    assertThat(tls.uri().isSsl()).isTrue();
    assertThat(tls.uri().getDatabase()).isEqualTo(3);
    assertThat(password(tls.uri())).isEqualTo("in-uri".toCharArray());
    assertThat(tls.displayAddress()).isEqualTo("rediss://redis:6379/3 (database 3)");

    StorageSettings.Redis overridden =
        redis(
            "REDIS_ADDR",
            "redis://app:in-uri@redis:6379/3",
            "REDIS_PASSWORD",
            "s3cret",
            "REDIS_DB",
            "5");
    assertThat(overridden.uri().getDatabase()).isEqualTo(5);
    assertThat(password(overridden.uri())).isEqualTo("s3cret".toCharArray());
    assertThat(credentials(overridden.uri()).getUsername()).isEqualTo("app");

    RedisURI sentinel = redis("REDIS_ADDR", "redis-sentinel://s1:26379,s2:26379/0#mymaster").uri();
    assertThat(sentinel.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(sentinel.getSentinels()).hasSize(2);
  }

  @Test
  void thePasswordIsNeverInToStringOrTheDisplayedAddress() {
    StorageSettings.Redis r =
        redis("REDIS_ADDR", "redis://:uri-secret@redis:6379", "REDIS_PASSWORD", "env-secret");
    assertThat(r.toString() + r.displayAddress())
        .doesNotContain("uri-secret", "env-secret")
        .contains("<hidden>");
    var props = TestSettings.defaults();
    props.put("REDIS_PASSWORD", "env-secret");
    assertThat(TestSettings.props(props).toString()).doesNotContain("env-secret");
  }

  @Test
  void aCaFileMustBeReadableAndGoesWithRediss() throws Exception {
    java.nio.file.Path ca = java.nio.file.Files.createTempFile("ca", ".pem");
    try {
      assertThat(
              redis("REDIS_ADDR", "rediss://redis:6380", "REDIS_CA_FILE", ca.toString()).caFile())
          .isEqualTo(ca);
    } finally {
      java.nio.file.Files.delete(ca);
    }
    assertThatThrownBy(
            () -> redis("REDIS_ADDR", "rediss://redis:6380", "REDIS_CA_FILE", "/no/such/ca.pem"))
        .hasMessageContaining(
            "REDIS_CA_FILE='/no/such/ca.pem' is invalid: allowed is a readable PEM file");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "REDIS_ADDR|redis|REDIS_ADDR='redis' is invalid: allowed is host:port",
        "REDIS_ADDR|http://redis:6379|REDIS_ADDR='http://redis:6379' is invalid",
        "REDIS_ADDR|redis:99999|REDIS_ADDR='redis:99999' is invalid",
        "REDIS_ADDR|redis-sentinel://s1:26379|REDIS_ADDR='redis-sentinel://s1:26379' is invalid",
        "REDIS_DB|-1|REDIS_DB='-1' is invalid: allowed is a whole number >= 0",
        "REDIS_DB|one|REDIS_DB='one' is invalid",
        "REDIS_TTL|soon|REDIS_TTL='soon' is invalid: allowed is a duration",
        "REDIS_TTL|30s|REDIS_TTL='30s' is invalid: allowed is a duration of at least 2 × INTERVAL"
            + " (1m)",
        "REDIS_CA_FILE|/etc/hostname|REDIS_CA_FILE='/etc/hostname' is invalid: allowed is empty"
            + " unless REDIS_ADDR is a rediss://",
      })
  void rejectsInvalidRedisSettingsNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> redis(variable, value))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(message);
  }
}
