package io.kedastral.forecaster.it;

import static io.kedastral.core.testing.TestCertificates.sslContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.Leaf;
import io.kedastral.forecaster.ForecasterApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HTTPS and mTLS on the forecaster's API port over real sockets: which clients the handshake
 * admits, which certificate the server presents, plain-HTTP probes and metrics on the management
 * port, and certificates rotated in place without a restart. Certificates come from {@link
 * TestCertificates}; the clients are the JDK's HttpClient and SSLSocket.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForecasterTlsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static final Authority CA = TestCertificates.authority("kedastral-test-ca");
  static final Authority OTHER_CA = TestCertificates.authority("other-ca");
  static final Leaf CLIENT = CA.client("scaler");

  /** mTLS with the defaults: TLS 1.3 only, client certificates signed by {@link #CA} required. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class MutualTls {
    ConfigurableApplicationContext app;
    int apiPort;
    int managementPort;

    @BeforeAll
    void start(@TempDir Path dir) {
      Path ca = CA.writeCertificate(dir.resolve("ca.crt"));
      var server = CA.server("localhost", "127.0.0.1").write(dir, "server");
      managementPort = freePort();
      app =
          run(
              "TLS_CERT_FILE=" + server.certificate(),
              "TLS_KEY_FILE=" + server.key(),
              "TLS_CA_FILE=" + ca,
              "MANAGEMENT_PORT=" + managementPort);
      apiPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    void stop() {
      app.close();
    }

    @Test
    void servesTheApiToAClientWithACertificateOfTheCa() throws Exception {
      HttpResponse<String> r = https(sslContext(CLIENT, CA), apiPort, "/workloads");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"workloads\"");
      SSLSession session = handshake(sslContext(CLIENT, CA), apiPort, null);
      assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void refusesAClientWithoutACertificate() {
      assertThatThrownBy(() -> https(sslContext(null, CA), apiPort, "/workloads"))
          .isInstanceOf(IOException.class);
    }

    @Test
    void refusesAClientCertificateOfAnotherCa() {
      Leaf foreign = OTHER_CA.client("scaler");
      assertThatThrownBy(() -> https(sslContext(foreign, CA), apiPort, "/workloads"))
          .isInstanceOf(IOException.class);
    }

    @Test
    void refusesAnExpiredClientCertificate() {
      Leaf expired = CA.expired("scaler");
      assertThatThrownBy(() -> https(sslContext(expired, CA), apiPort, "/workloads"))
          .isInstanceOf(IOException.class);
    }

    @Test
    void refusesTlsOneTwoByDefault() {
      assertThatThrownBy(() -> handshake(sslContext(CLIENT, CA), apiPort, "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> https(sslContext(CLIENT, CA), apiPort, "/workloads", "TLSv1.2"))
          .isInstanceOf(IOException.class);
    }

    @Test
    void doesNotServePlainHttpOnTheApiPort() throws Exception {
      // Tomcat answers a plain request on a TLS port with a bare 400; nothing is served
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> r =
            http.send(get("http://localhost:" + apiPort + "/workloads"), ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("workloads");
      } catch (IOException refused) {
        // a closed connection is as good
      }
    }

    @Test
    void servesProbesAndMetricsOverPlainHttpOnTheManagementPort() throws Exception {
      HttpResponse<String> healthz = http(managementPort, "/healthz");
      assertThat(healthz.statusCode()).isEqualTo(200);
      assertThat(healthz.body()).isEqualTo("OK");
      assertThat(http(managementPort, "/livez").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> http(managementPort, "/readyz").statusCode() == 200);
      HttpResponse<String> metrics = http(managementPort, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("kedastral_");
      // the API port still demands a client certificate, also for /healthz
      assertThatThrownBy(() -> https(sslContext(null, CA), apiPort, "/healthz"))
          .isInstanceOf(IOException.class);
      assertThat(https(sslContext(CLIENT, CA), apiPort, "/healthz").statusCode()).isEqualTo(200);
      // and no longer has the management endpoints
      assertThat(https(sslContext(CLIENT, CA), apiPort, "/metrics").statusCode()).isEqualTo(404);
      assertThat(https(sslContext(CLIENT, CA), apiPort, "/livez").statusCode()).isEqualTo(404);
    }

    @Test
    void neverServesTheForecastApiOnTheManagementPort() throws Exception {
      assertThat(http(managementPort, "/forecast/current?workload=w").statusCode()).isEqualTo(404);
      assertThat(http(managementPort, "/workloads").statusCode()).isEqualTo(404);
      assertThat(http(managementPort, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void allowsOnlyGetAndHeadOnTheManagementPort() throws Exception {
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/metrics"))
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
      }
    }
  }

  /** {@code TLS_MIN_VERSION=1.2} and no {@code TLS_CA_FILE}: HTTPS without client certificates. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TlsOneTwoWithoutClientCertificates {
    ConfigurableApplicationContext app;
    int apiPort;

    @BeforeAll
    void start(@TempDir Path dir) {
      var server = CA.server("localhost", "127.0.0.1").write(dir, "server");
      app =
          run(
              "TLS_CERT_FILE=" + server.certificate(),
              "TLS_KEY_FILE=" + server.key(),
              "TLS_MIN_VERSION=1.2",
              "MANAGEMENT_PORT=" + freePort());
      apiPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    void stop() {
      app.close();
    }

    @Test
    void acceptsTlsOneTwoAndOneThree() throws Exception {
      assertThat(handshake(sslContext(null, CA), apiPort, "TLSv1.2").getProtocol())
          .isEqualTo("TLSv1.2");
      assertThat(handshake(sslContext(null, CA), apiPort, "TLSv1.3").getProtocol())
          .isEqualTo("TLSv1.3");
      assertThat(https(sslContext(null, CA), apiPort, "/workloads", "TLSv1.2").statusCode())
          .isEqualTo(200);
    }
  }

  /** Without TLS a {@code MANAGEMENT_PORT} still moves probes and metrics, and only them. */
  @Test
  void aManagementPortWithoutTlsTakesOnlyProbesAndMetrics() throws Exception {
    int managementPort = freePort();
    try (var app = run("TLS_ENABLED=false", "MANAGEMENT_PORT=" + managementPort)) {
      int apiPort = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThat(http(apiPort, "/workloads").statusCode()).isEqualTo(200);
      assertThat(http(apiPort, "/healthz").statusCode()).isEqualTo(200);
      assertThat(http(apiPort, "/metrics").statusCode()).isEqualTo(404);
      assertThat(http(managementPort, "/metrics").statusCode()).isEqualTo(200);
      assertThat(http(managementPort, "/livez").statusCode()).isEqualTo(200);
      assertThat(http(managementPort, "/healthz").body()).isEqualTo("OK");
      assertThat(http(managementPort, "/workloads").statusCode()).isEqualTo(404);
    }
  }

  /** The server presents the configured certificate: a verifying client refuses a bad one. */
  @Test
  void presentsTheConfiguredCertificateWhichAVerifyingClientChecks(
      @TempDir Path dir, CapturedOutput output) throws Exception {
    Leaf foreign = OTHER_CA.server("localhost", "127.0.0.1");
    var files = foreign.write(dir, "foreign");
    try (var app =
        run(
            "TLS_CERT_FILE=" + files.certificate(),
            "TLS_KEY_FILE=" + files.key(),
            "MANAGEMENT_PORT=" + freePort())) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThatThrownBy(() -> handshake(sslContext(null, CA), port, null))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(serial(handshake(sslContext(null, OTHER_CA), port, null)))
          .isEqualTo(foreign.certificate().getSerialNumber());
    }
    Leaf expired = CA.expired("localhost", "127.0.0.1");
    files = expired.write(dir, "expired");
    try (var app =
        run(
            "TLS_CERT_FILE=" + files.certificate(),
            "TLS_KEY_FILE=" + files.key(),
            "MANAGEMENT_PORT=" + freePort())) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThatThrownBy(() -> handshake(sslContext(null, CA), port, null))
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("CertificateExpiredException");
      assertThat(serial(handshake(trustingAnything(), port, null)))
          .isEqualTo(expired.certificate().getSerialNumber());
      assertThat(output.getOut()).contains("the certificate of TLS_CERT_FILE expired at");
    }
  }

  /**
   * cert-manager rewrites the certificate, key and CA in place: new handshakes see the new
   * certificate, and clients of the new CA are admitted, without a restart.
   */
  @Test
  void picksUpRotatedCertificatesWithoutARestart(@TempDir Path dir, CapturedOutput output)
      throws Exception {
    Path caFile = CA.writeCertificate(dir.resolve("ca.crt"));
    Path certFile = dir.resolve("tls.crt");
    Path keyFile = dir.resolve("tls.key");
    Leaf first = CA.server("localhost", "127.0.0.1");
    first.writeTo(certFile, keyFile);
    try (var app =
        run(
            "TLS_CERT_FILE=" + certFile,
            "TLS_KEY_FILE=" + keyFile,
            "TLS_CA_FILE=" + caFile,
            "MANAGEMENT_PORT=" + freePort(),
            "spring.ssl.bundle.watch.file.quiet-period=1s")) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThat(serial(handshake(sslContext(CLIENT, CA), port, null)))
          .isEqualTo(first.certificate().getSerialNumber());

      // a broken rotation (the key of another certificate) is refused: the old pair stays
      Leaf mismatched = CA.server("localhost", "127.0.0.1");
      Files.writeString(certFile, pem(mismatched.certificate()));
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  serial(handshake(sslContext(CLIENT, CA), port, null))
                      .equals(first.certificate().getSerialNumber()));

      Authority newCa = TestCertificates.authority("rotated-ca");
      Leaf second = newCa.server("localhost", "127.0.0.1");
      Leaf newClient = newCa.client("scaler");
      second.writeTo(certFile, keyFile);
      newCa.writeCertificate(caFile);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () ->
                  serial(handshake(sslContext(newClient, newCa), port, null))
                      .equals(second.certificate().getSerialNumber()));
      assertThat(https(sslContext(newClient, newCa), port, "/workloads").statusCode())
          .isEqualTo(200);
      // the old CA's client is no longer admitted
      assertThatThrownBy(() -> https(sslContext(CLIENT, newCa), port, "/workloads"))
          .isInstanceOf(IOException.class);
      assertThat(output.getOut())
          .contains("serial " + first.certificate().getSerialNumber().toString(16))
          .contains(
              "TLS files re-read: now serving certificate 'CN=localhost' serial "
                  + second.certificate().getSerialNumber().toString(16));
    }
  }

  /**
   * A Kubernetes Secret volume (what cert-manager's Secret becomes in the pod): the files are
   * symlinks through {@code ..data}, which the kubelet swaps atomically to a new directory on each
   * update. Two rotations in a row are both picked up.
   */
  @Test
  void picksUpRotationsOfAKubernetesSecretVolume(@TempDir Path dir) throws Exception {
    Leaf first = CA.server("localhost", "127.0.0.1");
    secretVolume(dir, first, CA, 1);
    try (var app =
        run(
            "TLS_CERT_FILE=" + dir.resolve("tls.crt"),
            "TLS_KEY_FILE=" + dir.resolve("tls.key"),
            "TLS_CA_FILE=" + dir.resolve("ca.crt"),
            "MANAGEMENT_PORT=" + freePort(),
            "spring.ssl.bundle.watch.file.quiet-period=1s")) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThat(serial(handshake(sslContext(CLIENT, CA), port, null)))
          .isEqualTo(first.certificate().getSerialNumber());
      for (int version = 2; version <= 3; version++) {
        Leaf next = CA.server("localhost", "127.0.0.1");
        secretVolume(dir, next, CA, version);
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(
                () ->
                    serial(handshake(sslContext(CLIENT, CA), port, null))
                        .equals(next.certificate().getSerialNumber()));
      }
    }
  }

  /** Writes version {@code version} of a Secret volume in {@code dir} like the kubelet does. */
  private static void secretVolume(Path dir, Leaf server, Authority ca, int version)
      throws IOException {
    Path data = dir.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    Path fresh = Files.createDirectory(dir.resolve("..version-" + version));
    server.writeTo(fresh.resolve("tls.crt"), fresh.resolve("tls.key"));
    ca.writeCertificate(fresh.resolve("ca.crt"));
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), fresh.getFileName());
    Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
      if (!Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    }
    if (old != null) {
      try (var files = Files.list(old)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(old);
    }
  }

  // --- the application and the clients ---

  private static ConfigurableApplicationContext run(String... tls) {
    List<String> props =
        new ArrayList<>(
            List.of(
                "SERVER_PORT=0",
                "WORKLOAD=w",
                "METRIC=m",
                "ADAPTER=replay",
                "INTERVAL=1h",
                "TLS_ENABLED=true"));
    props.addAll(List.of(tls));
    return new SpringApplicationBuilder(ForecasterApplication.class)
        .properties(props.toArray(String[]::new))
        .run();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client that accepts any server certificate, to read which one the server presents. */
  private static SSLContext trustingAnything() throws GeneralSecurityException {
    TrustManager anything =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {anything}, null);
    return context;
  }

  /**
   * A fresh connection to {@code localhost:port} (hostname verified) offering {@code protocol} (all
   * the JDK's when null) that completes one HTTP request, so that a refusal of the client's
   * certificate, which TLS 1.3 sends after the handshake, is seen.
   */
  private static SSLSession handshake(SSLContext context, int port, String protocol)
      throws IOException {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocol != null) {
        params.setProtocols(new String[] {protocol});
      }
      socket.setSSLParameters(params);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        throw new IOException("no HTTP answer after the handshake: " + status);
      }
      return socket.getSession();
    }
  }

  private static String pem(X509Certificate certificate) throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static BigInteger serial(SSLSession session) throws IOException {
    return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber();
  }

  private static HttpResponse<String> https(
      SSLContext context, int port, String path, String... protocols)
      throws IOException, InterruptedException {
    SSLParameters params = context.getDefaultSSLParameters();
    if (protocols.length > 0) {
      params.setProtocols(protocols);
    }
    try (HttpClient http =
        HttpClient.newBuilder()
            .sslContext(context)
            .sslParameters(params)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build()) {
      return http.send(get("https://localhost:" + port + path), ofString());
    }
  }

  private static HttpResponse<String> http(int port, String path)
      throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      return http.send(get("http://localhost:" + port + path), ofString());
    }
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
