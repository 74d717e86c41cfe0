package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TLS_*} and {@code MANAGEMENT_PORT} parsed, and the web server properties they give. */
class ServerSettingsTest {
  @TempDir Path dir;

  @Test
  void withoutTlsEverythingIsOnTheApiPort() {
    ServerSettings server = TestSettings.parse().server();
    assertThat(server.tls()).isNull();
    assertThat(server.managementPort()).isNull();
    assertThat(ServerEnvironmentPostProcessor.properties(server)).isEmpty();
  }

  @Test
  void aManagementPortWithoutTlsMovesOnlyProbesAndMetrics() {
    ServerSettings server = TestSettings.parse("MANAGEMENT_PORT", "9000").server();
    assertThat(server.managementPort()).isEqualTo(9000);
    Map<String, Object> props = ServerEnvironmentPostProcessor.properties(server);
    assertThat(props)
        .containsEntry("management.server.port", "9000")
        .containsEntry("management.server.ssl.enabled", "false")
        .containsEntry(
            "management.endpoint.health.group.liveness.additional-path", "management:/livez")
        .containsEntry(
            "management.endpoint.health.group.readiness.additional-path", "management:/readyz")
        .doesNotContainKey("server.ssl.enabled");
  }

  @Test
  void tlsWithACaIsMutualOnTlsOneThreeWithTheManagementPortOn8091() {
    var ca = TestCertificates.authority("ca");
    PemFiles files = ca.server("localhost").write(dir, "server");
    Path caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    ServerSettings server =
        TestSettings.parse(
                "TLS_ENABLED", "true",
                "TLS_CERT_FILE", files.certificate().toString(),
                "TLS_KEY_FILE", files.key().toString(),
                "TLS_CA_FILE", caFile.toString())
            .server();
    assertThat(server.managementPort()).isEqualTo(ServerSettings.DEFAULT_TLS_MANAGEMENT_PORT);
    assertThat(server.tls().mutual()).isTrue();
    assertThat(server.tls().protocols()).containsExactly("TLSv1.3");
    String bundle = "spring.ssl.bundle.pem." + ServerEnvironmentPostProcessor.BUNDLE + ".";
    assertThat(ServerEnvironmentPostProcessor.properties(server))
        .containsEntry("server.ssl.bundle", ServerEnvironmentPostProcessor.BUNDLE)
        .containsEntry("server.ssl.client-auth", "need")
        .containsEntry(bundle + "reload-on-update", "true")
        .containsEntry(bundle + "keystore.verify-keys", "true")
        .containsEntry(bundle + "keystore.certificate", files.certificate().toUri().toString())
        .containsEntry(bundle + "keystore.private-key", files.key().toUri().toString())
        .containsEntry(bundle + "truststore.certificate", caFile.toUri().toString())
        .containsEntry(bundle + "options.enabled-protocols", "TLSv1.3")
        .containsEntry("management.server.port", "8091");
  }

  @Test
  void tlsWithoutACaAsksNoClientCertificateAndMayAllowTlsOneTwo() {
    PemFiles files = TestCertificates.authority("ca").server("localhost").write(dir, "server");
    ServerSettings server =
        TestSettings.parse(
                "TLS_ENABLED", "true",
                "TLS_CERT_FILE", files.certificate().toString(),
                "TLS_KEY_FILE", files.key().toString(),
                "TLS_MIN_VERSION", "1.2",
                "MANAGEMENT_PORT", "9100")
            .server();
    assertThat(server.tls().mutual()).isFalse();
    assertThat(server.managementPort()).isEqualTo(9100);
    Map<String, Object> props = ServerEnvironmentPostProcessor.properties(server);
    assertThat(props)
        .containsEntry(
            "spring.ssl.bundle.pem.kedastral-api.options.enabled-protocols", "TLSv1.2,TLSv1.3")
        .doesNotContainKey("server.ssl.client-auth")
        .doesNotContainKey("spring.ssl.bundle.pem.kedastral-api.truststore.certificate");
  }
}
