package io.kedastral.scaler.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.kedastral.scaler.config.GrpcTls;
import io.kedastral.scaler.tls.ReloadingCredentials;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The credentials of the gRPC port: plaintext, TLS ({@code GRPC_TLS_CERT_FILE}/{@code
 * GRPC_TLS_KEY_FILE}, for KEDA's {@code enableTLS}) or mTLS (plus {@code GRPC_TLS_CA_FILE}: a
 * client certificate signed by that CA is required). Certificates and CA are reloaded when their
 * files change; new connections use them. The health service shares the port and its credentials.
 */
public final class GrpcCredentials {
  private GrpcCredentials() {}

  /**
   * @param tls null for plaintext
   * @param reloader runs the checks for changed certificate files
   */
  public static ServerCredentials of(
      GrpcTls tls, ScheduledExecutorService reloader, Duration reloadPeriod) {
    if (tls == null) {
      return InsecureServerCredentials.create();
    }
    TlsServerCredentials.Builder builder =
        TlsServerCredentials.newBuilder()
            .keyManager(
                ReloadingCredentials.keyManager(
                    "GRPC_TLS_CERT_FILE",
                    tls.certFile(),
                    "GRPC_TLS_KEY_FILE",
                    tls.keyFile(),
                    reloader,
                    reloadPeriod,
                    () -> {}));
    if (tls.mutual()) {
      builder
          .trustManager(
              ReloadingCredentials.trustManager(
                  "GRPC_TLS_CA_FILE",
                  tls.caFile(),
                  Verification.CERTIFICATE_ONLY_VERIFICATION,
                  reloader,
                  reloadPeriod,
                  () -> {}))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return builder.build();
  }
}
