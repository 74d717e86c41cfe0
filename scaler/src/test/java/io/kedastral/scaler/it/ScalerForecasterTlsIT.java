package io.kedastral.scaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.core.snapshot.LeadWindow;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.forecast.ForecastClient;
import io.kedastral.scaler.grpc.GrpcServer;
import io.kedastral.scaler.testsupport.ForecasterProcess;
import io.kedastral.scaler.testsupport.ScalerApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production TLS layout end to end, over real loopback sockets: KEDA (a grpc-java client with
 * {@code enableTLS} and a client certificate) → the real scaler → the real forecaster jar as a
 * separate process serving HTTPS with client certificates required (mTLS), its probes and metrics
 * on the plain management port. Certificates come from one test CA; an intruder's come from
 * another.
 */
class ScalerForecasterTlsIT {
  private static final String WORKLOAD = "secure";
  private static final Duration LEAD = Duration.ofMinutes(10);
  private static final JsonMapper JSON = ForecastClient.snapshotReader();

  @TempDir Path dir;
  private Authority ca;
  private Path caFile;
  private ForecasterProcess forecaster;

  @BeforeEach
  void startForecaster() throws Exception {
    ca = TestCertificates.authority("cluster-ca");
    caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    PemFiles server = ca.server("localhost", "127.0.0.1").write(dir, "forecaster");
    var testClient = ca.client("test-client");
    forecaster =
        ForecasterProcess.onFreePort(
            Path.of("target", "it-logs"), TestCertificates.sslContext(testClient, ca));
    Map<String, String> env = new HashMap<>(ForecasterProcess.replayEnv(WORKLOAD));
    env.putAll(
        Map.of(
            "TLS_ENABLED", "true",
            "TLS_CERT_FILE", server.certificate().toString(),
            "TLS_KEY_FILE", server.key().toString(),
            "TLS_CA_FILE", caFile.toString()));
    forecaster.start(env, WORKLOAD);
  }

  @AfterEach
  void stop() throws Exception {
    forecaster.close();
  }

  @Test
  void kedaGetsTheForecastersPlanOverMutualTlsOnBothHops() throws Exception {
    PemFiles scalerClient = ca.client("kedastral-scaler").write(dir, "scaler-client");
    PemFiles scalerServer = ca.server("localhost", "127.0.0.1").write(dir, "scaler-server");
    PemFiles keda = ca.client("keda-operator").write(dir, "keda");
    try (ConfigurableApplicationContext scaler =
        ScalerApp.startContext(
            "FORECASTER_URL=" + forecaster.baseUrl(),
            "TLS_ENABLED=true",
            "TLS_CA_FILE=" + caFile,
            "TLS_CERT_FILE=" + scalerClient.certificate(),
            "TLS_KEY_FILE=" + scalerClient.key(),
            "GRPC_TLS_CERT_FILE=" + scalerServer.certificate(),
            "GRPC_TLS_KEY_FILE=" + scalerServer.key(),
            "GRPC_TLS_CA_FILE=" + caFile,
            "LEAD_TIME=10m")) {
      int port = scaler.getBean(GrpcServer.class).port();
      long before = forecaster.forecastRequests();

      long value = getMetrics(port, mtls(keda));

      Snapshot snapshot =
          JSON.readValue(
              forecaster.get("/forecast/current?workload=" + WORKLOAD).body(), Snapshot.class);
      assertThat(value)
          .isEqualTo(LeadWindow.of(snapshot, Instant.now(), LEAD).orElseThrow().maxReplicas())
          .isPositive();
      // the scaler's fetch reached the forecaster over mTLS (counted on the plain management port)
      assertThat(forecaster.forecastRequests()).isGreaterThan(before);
      assertThat(forecaster.getManagement("/healthz").statusCode()).isEqualTo(200);
      assertThat(forecaster.getManagement("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theForecasterApiRefusesPlainHttpAndClientsWithoutATrustedCertificate() throws Exception {
    URI api = forecaster.baseUrl().resolve("/forecast/current?workload=" + WORKLOAD);
    // plain HTTP to the TLS port: Tomcat's bare 400 (or a closed connection), never the snapshot
    URI plain = URI.create("http://127.0.0.1:" + api.getPort() + api.getRawPath());
    try {
      HttpResponse<String> r = send(HttpClient.newHttpClient(), plain);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).doesNotContain(WORKLOAD);
    } catch (IOException closed) {
      // as good
    }
    // HTTPS without a client certificate, and with one from another CA: refused in the handshake
    assertThatThrownBy(() -> send(clientOf(TestCertificates.sslContext(null, ca)), api))
        .isInstanceOf(IOException.class);
    Authority other = TestCertificates.authority("intruder-ca");
    assertThatThrownBy(
            () -> send(clientOf(TestCertificates.sslContext(other.client("intruder"), ca)), api))
        .isInstanceOf(IOException.class);
    // the forecast API is not served on the management port
    assertThat(forecaster.getManagement("/forecast/current?workload=" + WORKLOAD).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aScalerWithACertificateFromAnotherCaGetsNothingAndSaysWhy() throws Exception {
    Authority other = TestCertificates.authority("intruder-ca");
    PemFiles intruder = other.client("intruder").write(dir, "intruder");
    try (ScalerApp scaler =
        ScalerApp.start(
            "FORECASTER_URL=" + forecaster.baseUrl(),
            "TLS_ENABLED=true",
            "TLS_CA_FILE=" + caFile,
            "TLS_CERT_FILE=" + intruder.certificate(),
            "TLS_KEY_FILE=" + intruder.key())) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  ExternalScalerGrpc.newBlockingStub(scaler.channel())
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .getMetrics(request()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getStatus().getDescription()).contains(WORKLOAD, "TLS_CERT_FILE");
    }
  }

  private static ChannelCredentials mtls(PemFiles client) throws IOException {
    return TlsChannelCredentials.newBuilder()
        .trustManager(client.certificate().resolveSibling("ca.crt").toFile())
        .keyManager(client.certificate().toFile(), client.key().toFile())
        .build();
  }

  private static long getMetrics(int port, ChannelCredentials credentials) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port, credentials).build();
    try {
      return ExternalScalerGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getMetrics(request())
          .getMetricValues(0)
          .getMetricValue();
    } finally {
      channel.shutdownNow();
    }
  }

  private static GetMetricsRequest request() {
    return GetMetricsRequest.newBuilder()
        .setScaledObjectRef(
            ScaledObjectRef.newBuilder()
                .setName("checkout")
                .setNamespace("shop")
                .putScalerMetadata("workload", WORKLOAD))
        .build();
  }

  private static HttpClient clientOf(javax.net.ssl.SSLContext context) {
    return HttpClient.newBuilder().sslContext(context).build();
  }

  private static HttpResponse<String> send(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
