package io.kedastral.scaler.config;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.boot.SettingsProblems;
import io.kedastral.boot.tls.PemFiles;
import io.kedastral.boot.tls.PemFiles.InvalidPemException;
import io.kedastral.scaler.forecast.ForecastClient;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Validates {@link ScalerProperties} into {@link ScalerSettings}, like the forecaster's parser:
 * every problem is collected and each message names the environment variable, quotes the value and
 * says what is allowed. Nothing falls back silently to a default. The PEM files of the TLS settings
 * are read here already (by {@link PemFiles}, as on every later reload), so a missing, unreadable,
 * unparsable or mismatched file stops start-up naming the variable and the file.
 */
public final class SettingsParser {
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MIN_STREAM_INTERVAL = Duration.ofMillis(100);

  private final SettingsProblems problems = new SettingsProblems();

  private SettingsParser() {}

  /**
   * Parses and validates.
   *
   * @throws InvalidConfigurationException listing every invalid variable
   */
  public static ScalerSettings parse(ScalerProperties p) {
    return new SettingsParser().doParse(p);
  }

  private ScalerSettings doParse(ScalerProperties p) {
    URI url = forecasterUrl(p.forecasterUrl());
    Duration timeout = problems.duration("FORECASTER_TIMEOUT", p.forecasterTimeout(), MIN_TIMEOUT);
    Duration lead = problems.duration("LEAD_TIME", p.leadTime(), Duration.ZERO);
    Duration stale = staleAfter(p.staleAfter(), lead);
    Duration ttl = problems.duration("CACHE_TTL", p.cacheTtl(), Duration.ZERO);
    Integer maxWorkloads =
        problems.integer("CACHE_MAX_WORKLOADS", p.cacheMaxWorkloads(), 1, 1_000_000);
    Duration interval;
    if (blank(p.streamInterval())) {
      interval = ttl == null ? null : max(ttl, Duration.ofSeconds(1));
    } else {
      interval = problems.duration("STREAM_INTERVAL", p.streamInterval(), MIN_STREAM_INTERVAL);
    }
    Integer port = problems.integer("GRPC_PORT", p.grpcPort(), 0, 65535);
    Integer threads = problems.integer("GRPC_THREADS", p.grpcThreads(), 1, 1024);
    Boolean reflection = problems.bool("GRPC_REFLECTION", p.grpcReflection());
    ForecasterTls forecasterTls = forecasterTls(p, url);
    GrpcTls grpcTls = grpcTls(p);
    Integer cap = problems.integer("REPLICAS_CAP", p.replicasCap(), 1, 1_000_000);
    Integer maxConcurrent =
        problems.integer(
            "GRPC_MAX_CONCURRENT_PER_CLIENT", p.grpcMaxConcurrentPerClient(), 1, 100_000);
    Integer ratePerClient =
        problems.integer("GRPC_RATE_LIMIT_PER_CLIENT", p.grpcRateLimitPerClient(), 0, 1_000_000);
    problems.throwIfAny();
    return new ScalerSettings(
        p.forecasterUrl().strip(),
        timeout,
        lead,
        stale,
        ttl,
        maxWorkloads,
        interval,
        port,
        threads,
        reflection,
        forecasterTls,
        grpcTls,
        cap,
        maxConcurrent,
        ratePerClient);
  }

  /** {@code STALE_AFTER}, or 2 × {@code LEAD_TIME} when unset. */
  private Duration staleAfter(String raw, Duration lead) {
    if (!blank(raw)) {
      return problems.duration("STALE_AFTER", raw, Duration.ofSeconds(1));
    }
    if (lead != null && lead.isZero()) {
      problems.add("STALE_AFTER must be set when LEAD_TIME is 0s (its default is 2 × LEAD_TIME)");
    }
    return lead == null ? null : lead.multipliedBy(2);
  }

  /**
   * {@code TLS_*}: needed exactly for an {@code https://} forecaster; the files are only allowed
   * with {@code TLS_ENABLED=true}, so a CA or client certificate is never silently unused.
   */
  /**
   * {@code FORECASTER_URL}: an http(s) URL without query, in which {@code {workload}} may stand for
   * the workload in the host or the path (one forecaster Service per workload), never in the
   * scheme, user info or port. Returns the URL with a sample workload filled in.
   */
  private URI forecasterUrl(String raw) {
    String example =
        "http://forecaster:8081, http://gateway/kedastral or"
            + " http://kedastral-forecaster-{workload}.kedastral.svc:8081";
    String placeholder = ForecastClient.WORKLOAD_PLACEHOLDER;
    if (raw == null || !raw.contains(placeholder)) {
      return problems.httpUrl("FORECASTER_URL", raw, example);
    }
    String stripped = raw.strip();
    URI a = SettingsProblems.parseHttpUrl(stripped.replace(placeholder, "a0"));
    URI b = SettingsProblems.parseHttpUrl(stripped.replace(placeholder, "b1"));
    String rest = stripped.replace(placeholder, "");
    if (a == null
        || b == null
        || rest.contains("{")
        || rest.contains("}")
        || a.getRawUserInfo() != null
        || a.getPort() != b.getPort()
        || !a.getScheme().equals(b.getScheme())) {
      problems.problem(
          "FORECASTER_URL",
          raw,
          "an http:// or https:// URL without query with {workload} only in the host or the"
              + " path, e.g. http://kedastral-forecaster-{workload}.kedastral.svc:8081");
      return null;
    }
    return a;
  }

  private ForecasterTls forecasterTls(ScalerProperties p, URI url) {
    Boolean on = problems.bool("TLS_ENABLED", p.tlsEnabled());
    TlsVersion min = tlsVersion(p.tlsMinVersion());
    if (on == null) {
      return null;
    }
    if (url != null && on != "https".equals(url.getScheme())) {
      problems.add(
          on
              ? "TLS_ENABLED=true needs an https:// FORECASTER_URL, but FORECASTER_URL='"
                  + p.forecasterUrl()
                  + "'"
              : "FORECASTER_URL='"
                  + p.forecasterUrl()
                  + "' is https:// but TLS_ENABLED=false: set TLS_ENABLED=true (with TLS_CA_FILE,"
                  + " TLS_CERT_FILE and TLS_KEY_FILE as needed) or use an http:// URL");
    }
    if (!on) {
      for (String[] v :
          new String[][] {
            {"TLS_CA_FILE", p.tlsCaFile()},
            {"TLS_CERT_FILE", p.tlsCertFile()},
            {"TLS_KEY_FILE", p.tlsKeyFile()}
          }) {
        if (!blank(v[1])) {
          problems.problem(v[0], v[1], "unset while TLS_ENABLED=false (or set TLS_ENABLED=true)");
        }
      }
      return null;
    }
    Path ca = path("TLS_CA_FILE", p.tlsCaFile());
    if (ca != null) {
      pem(() -> PemFiles.certificates("TLS_CA_FILE", ca));
    }
    Path[] pair = identity("TLS_CERT_FILE", p.tlsCertFile(), "TLS_KEY_FILE", p.tlsKeyFile());
    return min == null || pair == null ? null : new ForecasterTls(min, ca, pair[0], pair[1]);
  }

  /** {@code GRPC_TLS_*}: cert and key together turn TLS on; the CA then turns on mTLS. */
  private GrpcTls grpcTls(ScalerProperties p) {
    Path ca = path("GRPC_TLS_CA_FILE", p.grpcTlsCaFile());
    if (blank(p.grpcTlsCertFile()) && blank(p.grpcTlsKeyFile())) {
      if (!blank(p.grpcTlsCaFile())) {
        problems.add(
            "GRPC_TLS_CA_FILE='"
                + p.grpcTlsCaFile()
                + "' needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE (client certificates are"
                + " only asked for over TLS)");
      }
      return null;
    }
    if (ca != null) {
      pem(() -> PemFiles.certificates("GRPC_TLS_CA_FILE", ca));
    }
    Path[] pair =
        identity(
            "GRPC_TLS_CERT_FILE", p.grpcTlsCertFile(), "GRPC_TLS_KEY_FILE", p.grpcTlsKeyFile());
    return pair == null ? null : new GrpcTls(pair[0], pair[1], ca);
  }

  /**
   * A certificate file and its key file, both or neither; {@code {null, null}} when neither, null
   * when invalid.
   */
  private Path[] identity(String certName, String certRaw, String keyName, String keyRaw) {
    if (blank(certRaw) != blank(keyRaw)) {
      String set = blank(certRaw) ? keyName : certName;
      String unset = blank(certRaw) ? certName : keyName;
      problems.add(
          certName
              + " and "
              + keyName
              + " go together: "
              + set
              + "='"
              + (blank(certRaw) ? keyRaw : certRaw)
              + "' is set but "
              + unset
              + " is not");
      return null;
    }
    if (blank(certRaw)) {
      return new Path[] {null, null};
    }
    Path cert = path(certName, certRaw);
    Path key = path(keyName, keyRaw);
    if (cert == null || key == null) {
      return null;
    }
    return pem(() -> PemFiles.identity(certName, cert, keyName, key))
        ? new Path[] {cert, key}
        : null;
  }

  private TlsVersion tlsVersion(String raw) {
    String v = raw == null ? "" : raw.strip();
    for (TlsVersion t : TlsVersion.values()) {
      if (t.setting().equals(v)) {
        return t;
      }
    }
    problems.problem("TLS_MIN_VERSION", raw, "1.3 or 1.2 (1.2 also allows 1.3)");
    return null;
  }

  /** The path of a file setting, or null when unset or not a path. */
  private Path path(String name, String raw) {
    if (blank(raw)) {
      return null;
    }
    try {
      return Path.of(raw.strip());
    } catch (InvalidPathException e) {
      problems.problem(name, raw, "the path of a PEM file");
      return null;
    }
  }

  /** Runs a PEM check; records its message as a problem. */
  private boolean pem(Runnable check) {
    try {
      check.run();
      return true;
    } catch (InvalidPemException e) {
      problems.add(e.getMessage());
      return false;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
