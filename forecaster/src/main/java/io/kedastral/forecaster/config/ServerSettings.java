package io.kedastral.forecaster.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the forecaster serves HTTP: HTTPS (optionally mTLS) on the API port, and where probes and
 * metrics are served. Built only by {@link SettingsParser}.
 *
 * @param tls HTTPS on the API port, or null for plain HTTP ({@code TLS_ENABLED=false})
 * @param managementPort the plain-HTTP port of {@code /healthz}, {@code /livez}, {@code /readyz}
 *     and {@code /metrics}, or null to serve them on the API port ({@code MANAGEMENT_PORT})
 */
public record ServerSettings(Tls tls, Integer managementPort) {
  /** {@code MANAGEMENT_PORT} when unset and {@code TLS_ENABLED=true}. */
  public static final int DEFAULT_TLS_MANAGEMENT_PORT = 8091;

  public ServerSettings {
    if (managementPort != null && (managementPort < 1 || managementPort > 65_535)) {
      throw new IllegalArgumentException("management port out of range: " + managementPort);
    }
  }

  /**
   * HTTPS on the API port.
   *
   * @param certFile the server certificate chain, PEM ({@code TLS_CERT_FILE})
   * @param keyFile its private key, PEM ({@code TLS_KEY_FILE})
   * @param caFile the CA bundle that client certificates must chain to, or null when clients are
   *     not asked for one ({@code TLS_CA_FILE})
   * @param minVersion {@code 1.2} or {@code 1.3} ({@code TLS_MIN_VERSION})
   */
  public record Tls(Path certFile, Path keyFile, Path caFile, String minVersion) {
    public Tls {
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      if (!"1.2".equals(minVersion) && !"1.3".equals(minVersion)) {
        throw new IllegalArgumentException("TLS minimum version must be 1.2 or 1.3: " + minVersion);
      }
    }

    /** The TLS protocol versions the API port accepts. */
    public List<String> protocols() {
      return "1.2".equals(minVersion) ? List.of("TLSv1.2", "TLSv1.3") : List.of("TLSv1.3");
    }

    /** True when clients must present a certificate signed by {@link #caFile()}. */
    public boolean mutual() {
      return caFile != null;
    }
  }
}
