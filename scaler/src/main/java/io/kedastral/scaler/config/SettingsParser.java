package io.kedastral.scaler.config;

import io.kedastral.core.series.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates {@link ScalerProperties} into {@link ScalerSettings}, like the forecaster's parser:
 * every problem is collected and each message names the environment variable, quotes the value and
 * says what is allowed. Nothing falls back silently to a default; the TLS variables of SPEC §3.1
 * are reserved and rejected until TLS is built.
 */
public final class SettingsParser {
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MIN_STREAM_INTERVAL = Duration.ofMillis(100);

  private final List<String> problems = new ArrayList<>();

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
    URI url = url("FORECASTER_URL", p.forecasterUrl());
    Duration timeout = duration("FORECASTER_TIMEOUT", p.forecasterTimeout(), MIN_TIMEOUT);
    Duration lead = duration("LEAD_TIME", p.leadTime(), Duration.ZERO);
    Duration stale = staleAfter(p.staleAfter(), lead);
    Duration ttl = duration("CACHE_TTL", p.cacheTtl(), Duration.ZERO);
    Integer maxWorkloads = integer("CACHE_MAX_WORKLOADS", p.cacheMaxWorkloads(), 1, 1_000_000);
    Duration interval;
    if (blank(p.streamInterval())) {
      interval = ttl == null ? null : max(ttl, Duration.ofSeconds(1));
    } else {
      interval = duration("STREAM_INTERVAL", p.streamInterval(), MIN_STREAM_INTERVAL);
    }
    Integer port = integer("GRPC_PORT", p.grpcPort(), 0, 65535);
    Integer threads = integer("GRPC_THREADS", p.grpcThreads(), 1, 1024);
    Boolean reflection = bool("GRPC_REFLECTION", p.grpcReflection());
    tls(p);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new ScalerSettings(
        url, timeout, lead, stale, ttl, maxWorkloads, interval, port, threads, reflection);
  }

  /** {@code STALE_AFTER}, or 2 × {@code LEAD_TIME} when unset. */
  private Duration staleAfter(String raw, Duration lead) {
    if (!blank(raw)) {
      return duration("STALE_AFTER", raw, Duration.ofSeconds(1));
    }
    if (lead != null && lead.isZero()) {
      problems.add("STALE_AFTER must be set when LEAD_TIME is 0s (its default is 2 × LEAD_TIME)");
    }
    return lead == null ? null : lead.multipliedBy(2);
  }

  private void tls(ScalerProperties p) {
    Boolean on = bool("TLS_ENABLED", p.tlsEnabled());
    if (Boolean.TRUE.equals(on)) {
      problem("TLS_ENABLED", p.tlsEnabled(), "false (TLS is not available in this version yet)");
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
      problem(name, raw, "unset (TLS is not available in this version yet)");
    }
  }

  private URI url(String name, String raw) {
    try {
      URI uri = URI.create(raw.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below
    }
    problem(
        name,
        raw,
        "an http:// or https:// URL without query, e.g. http://forecaster:8081 or"
            + " http://gateway/kedastral");
    return null;
  }

  private Duration duration(String name, String raw, Duration min) {
    try {
      Duration d = Durations.parse(raw);
      if (d.compareTo(min) >= 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problem(
        name,
        raw,
        "a duration of at least " + Durations.format(min) + " such as 500ms, 5s, 5m or 1h");
    return null;
  }

  private Integer integer(String name, String raw, int min, int max) {
    try {
      int v = Integer.parseInt(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    problem(name, raw, "a whole number from " + min + " to " + max);
    return null;
  }

  private Boolean bool(String name, String raw) {
    String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(name, raw, "true or false");
        yield null;
      }
    };
  }

  private void problem(String name, String raw, String allowed) {
    problems.add(name + "='" + raw + "' is invalid: allowed is " + allowed);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
