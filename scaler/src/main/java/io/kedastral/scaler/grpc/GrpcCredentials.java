package io.kedastral.scaler.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.kedastral.scaler.config.GrpcTls;
import io.kedastral.scaler.tls.ReloadingCredentials;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

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
              new NamingNoIssuers(
                  ReloadingCredentials.trustManager(
                      "GRPC_TLS_CA_FILE",
                      tls.caFile(),
                      Verification.CERTIFICATE_ONLY_VERIFICATION,
                      reloader,
                      reloadPeriod,
                      () -> {})))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return builder.build();
  }

  /**
   * Verifies client certificates with the reloading trust manager but names no acceptable CA in the
   * handshake. Netty reads that list once, when the server starts, so after {@code
   * GRPC_TLS_CA_FILE} changes it would keep naming the old CA, and clients that pick their
   * certificate by it (Go's crypto/tls in KEDA, the JDK) would send none. With an empty list they
   * send the one certificate they have, and the current CA bundle decides.
   */
  private static final class NamingNoIssuers extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];
    private final X509ExtendedTrustManager delegate;

    NamingNoIssuers(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return NONE;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }
  }
}
