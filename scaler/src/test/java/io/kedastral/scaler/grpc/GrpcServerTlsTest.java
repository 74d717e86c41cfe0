package io.kedastral.scaler.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.ask.AskCommand;
import io.kedastral.scaler.config.GrpcTls;
import io.kedastral.scaler.config.ScalerSettings;
import io.kedastral.scaler.forecast.SnapshotCache;
import io.kedastral.scaler.forecast.SnapshotUnavailableException;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.metrics.ScalerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link GrpcServer} on a loopback port with TLS and mTLS, called by grpc-java clients
 * with {@code TlsChannelCredentials} as KEDA calls it with {@code enableTLS}. The forecaster is
 * never reached ({@code GetMetricSpec} and health need none); certificate files are checked for
 * changes every 100 ms.
 */
class GrpcServerTlsTest {
  private static final Duration RELOAD = Duration.ofMillis(100);
  private static final ScaledObjectRef REF =
      ScaledObjectRef.newBuilder().setName("my-api").setNamespace("ns").build();

  @TempDir Path dir;
  private final Authority ca = TestCertificates.authority("kedastral-test-ca");
  private final Authority otherCa = TestCertificates.authority("someone-else");
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Path caFile;
  private Path otherCaFile;
  private PemFiles serverFiles;
  private GrpcServer server;

  @BeforeEach
  void writeFiles() {
    caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    otherCaFile = otherCa.writeCertificate(dir.resolve("other-ca.crt"));
    serverFiles = ca.server("localhost", "127.0.0.1").write(dir, "server");
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (server != null) {
      server.stop();
    }
    scheduler.shutdownNow();
  }

  private void start(Path clientCa) {
    GrpcTls tls = new GrpcTls(serverFiles.certificate(), serverFiles.key(), clientCa);
    ScalerSettings settings =
        new ScalerSettings(
            "http://127.0.0.1:1",
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ZERO,
            10,
            Duration.ofSeconds(1),
            0,
            2,
            false,
            null,
            tls,
            10_000,
            64,
            0);
    ScalerMetrics metrics = new ScalerMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    SnapshotCache cache =
        new SnapshotCache(
            w ->
                CompletableFuture.failedFuture(
                    new SnapshotUnavailableException(Reason.UNREACHABLE, "no forecaster here")),
            Clock.systemUTC(),
            Duration.ZERO,
            Duration.ofMinutes(10),
            10,
            metrics);
    ExternalScalerService service =
        new ExternalScalerService(
            cache,
            Clock.systemUTC(),
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            scheduler,
            metrics,
            10_000);
    server =
        new GrpcServer(
            settings,
            service,
            new MetricsInterceptor(metrics),
            new ClientLimitInterceptor(
                new io.kedastral.boot.ClientLimiter(0, 64, System::nanoTime), metrics),
            GrpcCredentials.of(tls, scheduler, RELOAD));
    server.start();
  }

  private ManagedChannel channel(ChannelCredentials credentials) {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("localhost", server.port(), credentials).build();
    channels.add(c);
    return c;
  }

  private static ChannelCredentials tls(Path ca, PemFiles client) throws Exception {
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(ca.toFile());
    if (client != null) {
      b.keyManager(client.certificate().toFile(), client.key().toFile());
    }
    return b.build();
  }

  private static String metricName(ManagedChannel c) {
    return ExternalScalerGrpc.newBlockingStub(c)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getMetricSpec(REF)
        .getMetricSpecs(0)
        .getMetricName();
  }

  private static ServingStatus health(ManagedChannel c) {
    return HealthGrpc.newBlockingStub(c)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(ExternalScalerGrpc.SERVICE_NAME).build())
        .getStatus();
  }

  private static Status.Code refused(ManagedChannel c) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> metricName(c))
        .getStatus()
        .getCode();
  }

  @Test
  void servesKedaAndHealthOverTls() throws Exception {
    start(null);
    ManagedChannel c = channel(tls(caFile, null));
    assertThat(metricName(c)).isEqualTo("kedastral-my-api-desired-replicas");
    assertThat(health(c)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void refusesPlaintextAndClientsThatDoNotTrustTheServer() throws Exception {
    start(null);
    assertThat(refused(channel(InsecureChannelCredentials.create())))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused(channel(tls(otherCaFile, null)))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void withAClientCaRequiresAClientCertificateItSigned() throws Exception {
    start(caFile);
    PemFiles keda = ca.client("keda").write(dir, "keda");
    PemFiles intruder = otherCa.client("intruder").write(dir, "intruder");
    assertThat(refused(channel(tls(caFile, null)))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused(channel(tls(caFile, intruder)))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused(channel(InsecureChannelCredentials.create())))
        .isEqualTo(Status.Code.UNAVAILABLE);
    ManagedChannel good = channel(tls(caFile, keda));
    assertThat(metricName(good)).isEqualTo("kedastral-my-api-desired-replicas");
    assertThat(health(good)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void newConnectionsGetARotatedServerCertificate() throws Exception {
    start(null);
    ManagedChannel before = channel(tls(caFile, null));
    assertThat(metricName(before)).isNotEmpty();
    // cert-manager re-issues from a new CA; clients trusting only the new CA get in afterwards
    otherCa.server("localhost", "127.0.0.1").writeTo(serverFiles.certificate(), serverFiles.key());
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(metricName(channel(tls(otherCaFile, null)))).isNotEmpty());
    assertThat(refused(channel(tls(caFile, null)))).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void trustsClientsOfARotatedCaBundle() throws Exception {
    Path clientCa = ca.writeCertificate(dir.resolve("client-ca.crt"));
    start(clientCa);
    PemFiles newcomer = otherCa.client("keda").write(dir, "newcomer");
    assertThat(refused(channel(tls(caFile, newcomer)))).isEqualTo(Status.Code.UNAVAILABLE);
    otherCa.writeCertificate(clientCa);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(metricName(channel(tls(caFile, newcomer)))).isNotEmpty());
  }

  @Test
  void askShowsWhatKedaSeesOverMutualTls() throws Exception {
    start(caFile);
    PemFiles keda = ca.client("keda").write(dir, "keda");
    String address = "--address=localhost:" + server.port();
    Ask withCert =
        ask(
            address,
            "--name=my-api",
            "--ca=" + caFile,
            "--cert=" + keda.certificate(),
            "--key=" + keda.key());
    assertThat(withCert.output())
        .contains("GetMetricSpec -> metricName=kedastral-my-api-desired-replicas targetSize=1")
        .contains("GetMetrics    -> UNAVAILABLE: no forecaster here");
    assertThat(withCert.exitCode()).isEqualTo(1); // GetMetrics failed
    Ask withoutCert = ask(address, "--name=my-api", "--ca=" + caFile);
    assertThat(withoutCert.output()).contains("GetMetricSpec -> UNAVAILABLE");
    assertThat(ask(address, "--name=my-api", "--cert=" + keda.certificate()).exitCode())
        .isEqualTo(2); // --cert without --key
    assertThat(ask(address, "--name=my-api", "--ca=" + dir.resolve("nope.crt")).output())
        .contains("cannot use the TLS files");
  }

  private record Ask(int exitCode, String output) {}

  private static Ask ask(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = AskCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Ask(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
