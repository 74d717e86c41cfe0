package io.kedastral.scaler.config;

import java.util.List;

/** {@code TLS_MIN_VERSION}: the oldest TLS version offered to the forecaster. */
public enum TlsVersion {
  TLS_1_2("1.2", List.of("TLSv1.3", "TLSv1.2")),
  TLS_1_3("1.3", List.of("TLSv1.3"));

  private final String setting;
  private final List<String> protocols;

  TlsVersion(String setting, List<String> protocols) {
    this.setting = setting;
    this.protocols = protocols;
  }

  /** The value of {@code TLS_MIN_VERSION}, e.g. {@code 1.3}. */
  public String setting() {
    return setting;
  }

  /** The JSSE protocol names enabled: this version and every newer one. */
  public String[] protocols() {
    return protocols.toArray(String[]::new);
  }
}
