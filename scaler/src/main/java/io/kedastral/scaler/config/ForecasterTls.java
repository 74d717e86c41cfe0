package io.kedastral.scaler.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the scaler talks TLS to an {@code https://} forecaster ({@code TLS_ENABLED=true}).
 *
 * @param minVersion oldest TLS version offered
 * @param caFile CA bundle verifying the forecaster's certificate; null = the JVM trust store
 * @param certFile client certificate chain for mTLS; null = no client certificate
 * @param keyFile private key of {@code certFile}; null exactly when {@code certFile} is
 */
public record ForecasterTls(TlsVersion minVersion, Path caFile, Path certFile, Path keyFile) {
  public ForecasterTls {
    Objects.requireNonNull(minVersion, "minVersion");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("certFile and keyFile go together");
    }
  }

  /** True when a client certificate is presented. */
  public boolean mutual() {
    return certFile != null;
  }
}
