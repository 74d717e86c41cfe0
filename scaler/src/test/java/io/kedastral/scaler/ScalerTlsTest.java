package io.kedastral.scaler;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.Leaf;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.grpc.GrpcServer;
import io.kedastral.scaler.testsupport.HttpsForecaster;
import io.kedastral.scaler.testsupport.ScalerApp;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scaler application wired from its environment variables with TLS on both hops: KEDA (a
 * grpc-java client) → scaler over mTLS, scaler → a stand-in HTTPS forecaster over mTLS. The
 * end-to-end test against the real forecaster jar over mTLS comes with the forecaster's TLS.
 */
class ScalerTlsTest {
  @TempDir Path dir;

  @Test
  void answersKedaOverMutualTlsFromAForecasterReachedOverMutualTls() throws Exception {
    Authority ca = TestCertificates.authority("cluster-ca");
    Path caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    Leaf scalerClient = ca.client("kedastral-scaler");
    PemFiles scalerClientFiles = scalerClient.write(dir, "scaler-client");
    PemFiles scalerServer = ca.server("localhost", "127.0.0.1").write(dir, "scaler-server");
    PemFiles keda = ca.client("keda-operator").write(dir, "keda");
    try (HttpsForecaster forecaster = new HttpsForecaster(ca.server("localhost"), ca)) {
      forecaster.serve(
          snapshotJson("my-api", Instant.now().truncatedTo(ChronoUnit.SECONDS), 60, 3, 5));
      try (ConfigurableApplicationContext ctx =
          ScalerApp.startContext(
              "FORECASTER_URL=" + forecaster.baseUrl("localhost"),
              "TLS_ENABLED=true",
              "TLS_CA_FILE=" + caFile,
              "TLS_CERT_FILE=" + scalerClientFiles.certificate(),
              "TLS_KEY_FILE=" + scalerClientFiles.key(),
              "GRPC_TLS_CERT_FILE=" + scalerServer.certificate(),
              "GRPC_TLS_KEY_FILE=" + scalerServer.key(),
              "GRPC_TLS_CA_FILE=" + caFile)) {
        int port = ctx.getBean(GrpcServer.class).port();
        ChannelCredentials mtls =
            TlsChannelCredentials.newBuilder()
                .trustManager(caFile.toFile())
                .keyManager(keda.certificate().toFile(), keda.key().toFile())
                .build();
        assertThat(getMetrics(port, mtls)).isEqualTo(5);
        assertThat(forecaster.clientSerials())
            .containsExactly(scalerClient.certificate().getSerialNumber());
        StatusRuntimeException plaintext =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> getMetrics(port, InsecureChannelCredentials.create()));
        assertThat(plaintext.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      }
    }
  }

  private static long getMetrics(int port, ChannelCredentials credentials) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port, credentials).build();
    try {
      return ExternalScalerGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getMetrics(
              GetMetricsRequest.newBuilder()
                  .setScaledObjectRef(
                      ScaledObjectRef.newBuilder().setName("my-api").setNamespace("ns"))
                  .build())
          .getMetricValues(0)
          .getMetricValue();
    } finally {
      channel.shutdownNow();
    }
  }
}
