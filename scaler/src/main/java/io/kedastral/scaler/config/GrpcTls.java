package io.kedastral.scaler.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on the gRPC port for KEDA's {@code enableTLS}.
 *
 * @param certFile the server's certificate chain
 * @param keyFile its private key
 * @param caFile CA bundle that client certificates must chain to; null = no client certificate
 *     asked for, otherwise one is required (mTLS)
 */
public record GrpcTls(Path certFile, Path keyFile, Path caFile) {
  public GrpcTls {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
  }

  /** True when clients must present a certificate signed by {@code caFile}. */
  public boolean mutual() {
    return caFile != null;
  }
}
