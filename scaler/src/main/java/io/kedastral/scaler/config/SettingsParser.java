package io.kedastral.scaler.config;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.boot.SettingsProblems;
import java.net.URI;
import java.time.Duration;

/**
 * Validates {@link ScalerProperties} into {@link ScalerSettings}, like the forecaster's parser:
 * every problem is collected and each message names the environment variable, quotes the value and
 * says what is allowed. Nothing falls back silently to a default; the TLS variables of SPEC §3.1
 * are reserved and rejected until TLS is built.
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
    URI url =
        problems.httpUrl(
            "FORECASTER_URL",
            p.forecasterUrl(),
            "http://forecaster:8081 or http://gateway/kedastral");
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
    Integer maxConcurrent =
        problems.integer(
            "GRPC_MAX_CONCURRENT_PER_CLIENT", p.grpcMaxConcurrentPerClient(), 1, 100_000);
    Integer ratePerClient =
        problems.integer("GRPC_RATE_LIMIT_PER_CLIENT", p.grpcRateLimitPerClient(), 0, 1_000_000);
    tls(p);
    problems.throwIfAny();
    return new ScalerSettings(
        url,
        timeout,
        lead,
        stale,
        ttl,
        maxWorkloads,
        interval,
        port,
        threads,
        reflection,
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

  private void tls(ScalerProperties p) {
    Boolean on = problems.bool("TLS_ENABLED", p.tlsEnabled());
    if (Boolean.TRUE.equals(on)) {
      problems.problem(
          "TLS_ENABLED", p.tlsEnabled(), "false (TLS is not available in this version yet)");
    }
    reserved("TLS_CERT_FILE", p.tlsCertFile());
    reserved("TLS_KEY_FILE", p.tlsKeyFile());
    reserved("TLS_CA_FILE", p.tlsCaFile());
    reserved("GRPC_TLS_CERT_FILE", p.grpcTlsCertFile());
    reserved("GRPC_TLS_KEY_FILE", p.grpcTlsKeyFile());
    reserved("GRPC_TLS_CA_FILE", p.grpcTlsCaFile());
  }

  private void reserved(String name, String raw) {
    if (!blank(raw)) {
      problems.problem(name, raw, "unset (TLS is not available in this version yet)");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
