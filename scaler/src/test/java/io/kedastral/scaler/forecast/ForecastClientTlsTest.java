package io.kedastral.scaler.forecast;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.Leaf;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import io.kedastral.scaler.config.ForecasterTls;
import io.kedastral.scaler.config.TlsVersion;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.testsupport.HttpsForecaster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster client over HTTPS and mTLS against a JDK HTTPS server on a real loopback socket,
 * with certificates made in the test and the client built exactly as the application builds it
 * ({@link ForecasterHttp}), its files checked for changes every 100 ms.
 */
class ForecastClientTlsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration RELOAD = Duration.ofMillis(100);

  @TempDir Path dir;
  private final Authority ca = TestCertificates.authority("kedastral-test-ca");
  private final Authority otherCa = TestCertificates.authority("someone-else");
  private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor();
  private HttpsForecaster forecaster;
  private Path caFile;
  private Leaf clientCertificate;
  private PemFiles clientFiles;

  @BeforeEach
  void writeFiles() {
    caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    clientCertificate = ca.client("kedastral-scaler");
    clientFiles = clientCertificate.write(dir, "client");
  }

  @AfterEach
  void stop() {
    if (forecaster != null) {
      forecaster.close();
    }
    reloader.shutdownNow();
  }

  private HttpsForecaster start(Leaf serverCertificate, Authority clientCa, String... protocols)
      throws Exception {
    forecaster = new HttpsForecaster(serverCertificate, clientCa, protocols);
    forecaster.serve(snapshotJson("my-api", T0, 60, 3, 5));
    return forecaster;
  }

  private ForecastClient client(URI base, ForecasterTls tls) {
    return new ForecastClient(
        ForecasterHttp.client(Duration.ofSeconds(5), tls, reloader, RELOAD),
        base,
        Duration.ofSeconds(5),
        ForecastClient.snapshotReader(),
        ForecastClient.MAX_BODY_BYTES);
  }

  private ForecasterTls mutual() {
    return new ForecasterTls(
        TlsVersion.TLS_1_3, caFile, clientFiles.certificate(), clientFiles.key());
  }

  private static SnapshotUnavailableException failure(ForecastClient client) {
    Throwable t = catchThrowable(() -> client.fetch("my-api").join());
    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(SnapshotUnavailableException.class);
    return (SnapshotUnavailableException) t.getCause();
  }

  @Test
  void fetchesOverMutualTlsPresentingTheClientCertificate() throws Exception {
    start(ca.server("localhost", "127.0.0.1"), ca);
    Snapshot s = client(forecaster.baseUrl("localhost"), mutual()).fetch("my-api").join();
    assertThat(s.desiredReplicas()).containsExactly(3, 5);
    assertThat(forecaster.clientSerials())
        .containsExactly(clientCertificate.certificate().getSerialNumber());
  }

  @Test
  void refusesAForecasterWhoseCertificateAnotherCaSigned() throws Exception {
    start(otherCa.server("localhost", "127.0.0.1"), ca);
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), mutual()));
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e)
        .hasMessageStartingWith("forecaster unreachable: TLS handshake failed: ")
        .hasMessageContaining("'my-api'")
        .hasMessageContaining("TLS_CA_FILE");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void refusesAForecasterCertificateIssuedForAnotherHostName() throws Exception {
    start(ca.server("forecaster.example.org"), ca);
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), mutual()));
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e)
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("No subject alternative DNS name matching localhost");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void refusesAnExpiredForecasterCertificate() throws Exception {
    start(ca.expired("localhost"), ca);
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), mutual()));
    assertThat(e).hasMessageContaining("TLS handshake failed").hasMessageContaining("validity");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void trustsOnlyTheJvmTrustStoreWithoutTlsCaFile() throws Exception {
    start(ca.server("localhost"), ca);
    ForecasterTls noCa =
        new ForecasterTls(TlsVersion.TLS_1_3, null, clientFiles.certificate(), clientFiles.key());
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), noCa));
    assertThat(e).hasMessageContaining("TLS handshake failed").hasMessageContaining("PKIX");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void aForecasterRequiringClientCertificatesRefusesAClientWithoutOne() throws Exception {
    start(ca.server("localhost"), ca);
    ForecasterTls noCert = new ForecasterTls(TlsVersion.TLS_1_3, caFile, null, null);
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), noCert));
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    refusedOurCertificate(e, "certificate_required");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void aForecasterRequiringClientCertificatesRefusesOneFromAnotherCa() throws Exception {
    start(ca.server("localhost"), ca);
    PemFiles foreign = otherCa.client("intruder").write(dir, "foreign");
    ForecasterTls tls =
        new ForecasterTls(TlsVersion.TLS_1_3, caFile, foreign.certificate(), foreign.key());
    SnapshotUnavailableException e = failure(client(forecaster.baseUrl("localhost"), tls));
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    refusedOurCertificate(e, "certificate_unknown");
    assertThat(forecaster.clientSerials()).isEmpty();
  }

  @Test
  void offersTls12OnlyWithTlsMinVersion12() throws Exception {
    start(ca.server("localhost"), ca, "TLSv1.2");
    assertThat(failure(client(forecaster.baseUrl("localhost"), mutual())))
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("protocol_version");
    ForecasterTls tls12 =
        new ForecasterTls(TlsVersion.TLS_1_2, caFile, clientFiles.certificate(), clientFiles.key());
    assertThat(client(forecaster.baseUrl("localhost"), tls12).fetch("my-api").join().workload())
        .isEqualTo("my-api");
  }

  @Test
  void presentsARotatedClientCertificateWithoutANewClient() throws Exception {
    start(ca.server("localhost"), ca);
    ForecastClient client = client(forecaster.baseUrl("localhost"), mutual());
    client.fetch("my-api").join();
    Leaf rotated = ca.client("kedastral-scaler");
    rotated.writeTo(clientFiles.certificate(), clientFiles.key());
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              client.fetch("my-api").join();
              assertThat(forecaster.clientSerials().getLast())
                  .isEqualTo(rotated.certificate().getSerialNumber());
            });
  }

  @Test
  void trustsARotatedCaBundleWithoutANewClient() throws Exception {
    start(otherCa.server("localhost"), ca);
    ForecastClient client = client(forecaster.baseUrl("localhost"), mutual());
    assertThat(failure(client)).hasMessageContaining("TLS handshake failed");
    otherCa.writeCertificate(caFile); // the operator now trusts the forecaster's CA
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(client.fetch("my-api").join().workload()).isEqualTo("my-api"));
  }

  /**
   * TLS 1.3 completes the handshake on the client's side before the server checks the client's
   * certificate, so its refusal arrives either as the alert or, when the server closes first, as a
   * closed connection: both must name what to check.
   */
  private static void refusedOurCertificate(SnapshotUnavailableException e, String alert) {
    assertThat(e.getMessage())
        .satisfiesAnyOf(
            m -> assertThat(m).contains("TLS handshake failed", alert, "TLS_CERT_FILE"),
            m -> assertThat(m).contains("the connection closed", "TLS_CERT_FILE"));
  }
}
