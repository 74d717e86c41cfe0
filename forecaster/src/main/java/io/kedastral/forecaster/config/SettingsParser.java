package io.kedastral.forecaster.config;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.boot.SettingsProblems;
import io.kedastral.boot.tls.PemFiles;
import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.model.OrderSpec;
import io.kedastral.core.planner.CapacityPolicy;
import io.kedastral.core.series.Durations;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.forecaster.config.ForecasterSettings.Adapter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Validates {@link ForecasterProperties} into {@link ForecasterSettings}. Every problem is
 * collected, so an operator fixes them all in one go; each message names the environment variable,
 * quotes the value and says what is allowed. Nothing falls back silently to a default.
 */
public final class SettingsParser {
  private static final Duration MIN_STEP = Duration.ofSeconds(1);
  private static final int MAX_HORIZON_STEPS = 10_000;
  private static final int MAX_WINDOW_STEPS = 1_000_000;

  private final SettingsProblems problems = new SettingsProblems();

  private SettingsParser() {}

  /**
   * Parses and validates.
   *
   * @throws InvalidConfigurationException listing every invalid variable
   */
  public static ForecasterSettings parse(ForecasterProperties p) {
    return new SettingsParser().doParse(p);
  }

  private ForecasterSettings doParse(ForecasterProperties p) {
    String workload = problems.required("WORKLOAD", p.workload());
    if (workload != null && !Snapshot.WORKLOAD_NAME.matcher(workload).matches()) {
      problems.problem(
          "WORKLOAD",
          workload,
          "letters, digits, '-' and '_', starting and ending with a letter or digit, 1-253"
              + " characters");
    }
    String metric = problems.required("METRIC", p.metric());
    Adapter adapter = adapter(p.adapter());
    URI promUrl =
        problems.httpUrl(
            "PROM_URL",
            p.promUrl(),
            "http://prometheus:9090 or http://vm:8481/select/0/prometheus");
    String promQuery = SettingsProblems.blankToNull(p.promQuery());
    if (promQuery == null && adapter != null && adapter != Adapter.REPLAY) {
      problems.add(
          "PROM_QUERY is required for ADAPTER=" + adapter.label() + " (a PromQL expression)");
    }
    Duration promTimeout =
        problems.duration("PROM_TIMEOUT", p.promTimeout(), Duration.ofSeconds(1));
    Duration step = problems.duration("STEP", p.step(), MIN_STEP);
    Duration horizon = problems.duration("HORIZON", p.horizon(), MIN_STEP);
    Duration window = problems.duration("WINDOW", p.window(), MIN_STEP);
    Duration interval = problems.duration("INTERVAL", p.interval(), MIN_STEP);
    Duration prewarm = problems.duration("PREWARM_WINDOW", p.prewarmWindow(), Duration.ZERO);
    Duration leadTime = problems.duration("LEAD_TIME", p.leadTime(), Duration.ZERO);
    checkGrid(step, horizon, window);
    ModelSpec model = modelSpec(p, step);
    CapacityPolicy policy = policy(p, step, prewarm, leadTime);
    StorageSettings storage = storage(p, interval);
    ServerSettings server = server(p);
    Integer apiRate =
        problems.integer("API_RATE_LIMIT_PER_CLIENT", p.apiRateLimitPerClient(), 0, 1_000_000);
    Integer apiConcurrent =
        problems.integer(
            "API_MAX_CONCURRENT_PER_CLIENT", p.apiMaxConcurrentPerClient(), 1, 100_000);
    problems.throwIfAny();
    return new ForecasterSettings(
        workload,
        metric,
        adapter,
        promUrl,
        promQuery,
        promTimeout,
        SettingsProblems.blankToNull(p.replayFile()),
        step,
        horizon,
        window,
        interval,
        model,
        policy,
        storage,
        server,
        apiRate,
        apiConcurrent);
  }

  /**
   * Only the {@code TLS_*} and {@code MANAGEMENT_PORT} settings, for the start-up step that turns
   * them into web server properties before the context exists ({@code
   * ServerEnvironmentPostProcessor}). {@link #parse} checks them again with everything else.
   *
   * @throws InvalidConfigurationException listing every invalid variable among these
   */
  public static ServerSettings parseServer(ForecasterProperties p) {
    SettingsParser parser = new SettingsParser();
    ServerSettings server = parser.server(p);
    parser.problems.throwIfAny();
    return server;
  }

  private void checkGrid(Duration step, Duration horizon, Duration window) {
    if (step == null) {
      return;
    }
    if (horizon != null) {
      if (horizon.compareTo(step) < 0) {
        problems.problem(
            "HORIZON", Durations.format(horizon), "at least STEP (" + Durations.format(step) + ")");
      } else if (horizon.toMillis() / step.toMillis() > MAX_HORIZON_STEPS) {
        problems.problem(
            "HORIZON",
            Durations.format(horizon),
            "at most " + MAX_HORIZON_STEPS + " steps of STEP");
      }
    }
    if (window != null) {
      if (window.compareTo(step.multipliedBy(2)) < 0) {
        problems.problem("WINDOW", Durations.format(window), "at least 2 × STEP");
      } else if (window.toMillis() / step.toMillis() > MAX_WINDOW_STEPS) {
        problems.problem(
            "WINDOW", Durations.format(window), "at most " + MAX_WINDOW_STEPS + " steps of STEP");
      }
    }
  }

  private CapacityPolicy policy(
      ForecasterProperties p, Duration step, Duration prewarm, Duration leadTime) {
    Double target = problems.number("TARGET_PER_POD", p.targetPerPod(), v -> v > 0, "a number > 0");
    Double headroom = problems.number("HEADROOM", p.headroom(), v -> v >= 1, "a number >= 1");
    Double quantile = quantileLevel(p.quantileLevel());
    String margin = oneOf("SAFETY_MARGIN", p.safetyMargin(), SAFETY_MARGINS, List.of());
    Integer min = problems.integer("MIN_REPLICAS", p.minReplicas(), 0);
    Integer max = problems.integer("MAX_REPLICAS", p.maxReplicas(), 0);
    if (min != null && max != null && max < min) {
      problems.problem("MAX_REPLICAS", String.valueOf(max), "at least MIN_REPLICAS (" + min + ")");
    }
    Double up = problems.number("UP_MAX_FACTOR", p.upMaxFactor(), v -> v >= 1, "a number >= 1");
    Double down =
        problems.number(
            "DOWN_MAX_PERCENT", p.downMaxPercent(), v -> v >= 0 && v <= 100, "0 to 100");
    Boolean floor = problems.bool("REACTIVE_FLOOR", p.reactiveFloor());
    if (!problems.isEmpty() || step == null || prewarm == null || leadTime == null) {
      return null;
    }
    return new CapacityPolicy(
        target,
        headroom,
        quantile,
        min,
        max,
        up,
        down,
        Math.toIntExact(prewarm.toMillis() / step.toMillis()),
        floor,
        Math.toIntExact((leadTime.toMillis() + step.toMillis() - 1) / step.toMillis()),
        "calibrated".equals(margin));
  }

  /** The values of {@code SAFETY_MARGIN} (and the backtest's {@code --safety-margin}). */
  public static final List<String> SAFETY_MARGINS = List.of("calibrated", "headroom");

  private Adapter adapter(String raw) {
    String v =
        oneOf("ADAPTER", raw, List.of("prometheus", "victoriametrics", "replay"), List.of("http"));
    return v == null ? null : Adapter.valueOf(v.toUpperCase(Locale.ROOT));
  }

  /** {@code MODEL} with the orders and season it uses; every order variable is checked. */
  private ModelSpec modelSpec(ForecasterProperties p, Duration step) {
    String model =
        oneOf("MODEL", p.model(), List.of("baseline", "arima", "sarima", "auto"), List.of("byom"));
    OrderSpec arima = orders("ARIMA_P", p.arimaP(), "ARIMA_D", p.arimaD(), "ARIMA_Q", p.arimaQ());
    OrderSpec sarima =
        orders("SARIMA_P", p.sarimaP(), "SARIMA_D", p.sarimaD(), "SARIMA_Q", p.sarimaQ());
    OrderSpec seasonal =
        orders("SARIMA_SP", p.sarimaSp(), "SARIMA_SD", p.sarimaSd(), "SARIMA_SQ", p.sarimaSq());
    Integer season = season(p.sarimaS(), step, "sarima".equals(model) || "auto".equals(model));
    if (model == null || arima == null || sarima == null || seasonal == null || season == null) {
      return null;
    }
    return switch (model) {
      case "arima" -> new ModelSpec.Arima(arima);
      case "sarima" -> new ModelSpec.Sarima(sarima, seasonal, season);
      case "auto" -> new ModelSpec.Auto(season);
      default -> new ModelSpec.Baseline();
    };
  }

  private OrderSpec orders(String pName, String p, String dName, String d, String qName, String q) {
    OptionalInt[] o = {order(pName, p), order(dName, d), order(qName, q)};
    return o[0] == null || o[1] == null || o[2] == null ? null : new OrderSpec(o[0], o[1], o[2]);
  }

  /** An order, empty when unset (the model chooses), null after reporting a problem. */
  private OptionalInt order(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return OptionalInt.empty();
    }
    try {
      int v = Integer.parseInt(raw.strip());
      if (v >= 0 && v <= OrderSpec.MAX_ORDER) {
        return OptionalInt.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.problem(
        name,
        raw,
        "a whole number from 0 to " + OrderSpec.MAX_ORDER + ", or unset to let the model choose");
    return null;
  }

  /**
   * {@code SARIMA_S}: given, at least 2; unset, one day in steps — which a model that needs a
   * season cannot use when one day is not a whole number of {@code STEP}s. 0 when unset and not
   * needed.
   */
  private Integer season(String raw, Duration step, boolean needed) {
    if (raw != null && !raw.isBlank()) {
      try {
        int v = Integer.parseInt(raw.strip());
        if (v >= 2) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.problem("SARIMA_S", raw, "a whole number of steps >= 2 (e.g. 1440 with STEP=1m)");
      return null;
    }
    if (step == null) {
      return null;
    }
    long day = Duration.ofDays(1).toMillis();
    if (day % step.toMillis() == 0 && day / step.toMillis() >= 2) {
      return Math.toIntExact(day / step.toMillis());
    }
    if (needed) {
      problems.add(
          "SARIMA_S is required with STEP="
              + Durations.format(step)
              + ": one day is not a whole number (>= 2) of steps, so give the season in steps");
      return null;
    }
    return 0;
  }

  /** {@code STORAGE}; the {@code REDIS_*} variables are read only for {@code redis}. */
  private StorageSettings storage(ForecasterProperties p, Duration interval) {
    String kind = oneOf("STORAGE", p.storage(), List.of("memory", "redis"), List.of());
    return "redis".equals(kind) ? redis(p, interval) : new StorageSettings.Memory();
  }

  private StorageSettings.Redis redis(ForecasterProperties p, Duration interval) {
    String address = redisAddress(p.redisAddr());
    boolean dbGiven = SettingsProblems.blankToNull(p.redisDb()) != null;
    Integer db = dbGiven ? problems.integer("REDIS_DB", p.redisDb(), 0) : null;
    Duration ttl = problems.duration("REDIS_TTL", p.redisTtl(), MIN_STEP);
    if (ttl != null && interval != null && ttl.compareTo(interval.multipliedBy(2)) < 0) {
      problems.problem(
          "REDIS_TTL",
          p.redisTtl(),
          "a duration of at least 2 × INTERVAL ("
              + Durations.format(interval.multipliedBy(2))
              + "), so a snapshot outlives the wait for the next one");
      ttl = null;
    }
    Path caFile = redisCaFile(p.redisCaFile(), address);
    if (address == null || ttl == null || (dbGiven && db == null)) {
      return null;
    }
    String password =
        p.redisPassword() == null || p.redisPassword().isEmpty() ? null : p.redisPassword();
    return new StorageSettings.Redis(address, password, db, ttl, caFile);
  }

  private String redisAddress(String raw) {
    String address = raw == null ? "localhost:6379" : raw.strip();
    try {
      StorageSettings.Redis.uri(address);
      return address;
    } catch (IllegalArgumentException e) {
      problems.problem(
          "REDIS_ADDR",
          address,
          "host:port (e.g. redis:6379) or a redis://, rediss:// or redis-sentinel:// URI"
              + " (e.g. redis-sentinel://sentinel:26379/0#mymaster)");
      return null;
    }
  }

  /** {@code REDIS_CA_FILE}: a readable PEM file, only with a {@code rediss://} address. */
  private Path redisCaFile(String raw, String address) {
    String file = SettingsProblems.blankToNull(raw);
    if (file == null) {
      return null;
    }
    if (address != null && !address.startsWith("rediss://")) {
      problems.problem("REDIS_CA_FILE", raw, "empty unless REDIS_ADDR is a rediss:// (TLS) URI");
      return null;
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      problems.problem("REDIS_CA_FILE", raw, "a readable PEM file of CA certificates");
      return null;
    }
    return path;
  }

  /**
   * {@code raw} (case-insensitive) when it is one of {@code allowed}, the first of them (the
   * default) when unset; otherwise a problem — one that says so when the value is {@code reserved}
   * (in the SPEC, not built in this version) — and null.
   */
  private String oneOf(String name, String raw, List<String> allowed, List<String> reserved) {
    String v = raw == null ? allowed.get(0) : raw.strip().toLowerCase(Locale.ROOT);
    if (allowed.contains(v)) {
      return v;
    }
    String choices =
        allowed.size() == 1
            ? allowed.get(0)
            : String.join(", ", allowed.subList(0, allowed.size() - 1))
                + " or "
                + allowed.get(allowed.size() - 1);
    problems.problem(
        name,
        raw,
        reserved.contains(v)
            ? choices + " (" + v + " is not available in this version yet)"
            : choices);
    return null;
  }

  /** {@code TLS_*} and {@code MANAGEMENT_PORT}. */
  private ServerSettings server(ForecasterProperties p) {
    Boolean on = problems.bool("TLS_ENABLED", p.tlsEnabled());
    String minVersion = tlsMinVersion(p.tlsMinVersion());
    ServerSettings.Tls tls = null;
    if (Boolean.TRUE.equals(on)) {
      tls = tls(p, minVersion);
    } else if (Boolean.FALSE.equals(on)) {
      onlyWithTls("TLS_CERT_FILE", p.tlsCertFile());
      onlyWithTls("TLS_KEY_FILE", p.tlsKeyFile());
      onlyWithTls("TLS_CA_FILE", p.tlsCaFile());
    }
    Integer managementPort = managementPort(p, Boolean.TRUE.equals(on));
    return new ServerSettings(tls, managementPort);
  }

  private void onlyWithTls(String name, String raw) {
    if (SettingsProblems.blankToNull(raw) != null) {
      problems.problem(name, raw, "empty unless TLS_ENABLED=true");
    }
  }

  private String tlsMinVersion(String raw) {
    String v = raw == null ? "1.3" : raw.strip();
    if (v.equals("1.2") || v.equals("1.3")) {
      return v;
    }
    problems.problem("TLS_MIN_VERSION", raw, "1.3 (TLS 1.3 only) or 1.2 (TLS 1.2 and 1.3)");
    return null;
  }

  /**
   * HTTPS: the certificate chain and its key (which must match), and the CA of mTLS. Each file is
   * read now, with the parser of the web server, so a bad one stops start-up naming the variable.
   */
  private ServerSettings.Tls tls(ForecasterProperties p, String minVersion) {
    Path cert = tlsFile("TLS_CERT_FILE", p.tlsCertFile(), true);
    Path key = tlsFile("TLS_KEY_FILE", p.tlsKeyFile(), true);
    Path ca = tlsFile("TLS_CA_FILE", p.tlsCaFile(), false);
    List<X509Certificate> chain =
        cert == null ? null : pem(() -> PemFiles.certificates("TLS_CERT_FILE", cert));
    PrivateKey privateKey =
        key == null ? null : pem(() -> PemFiles.privateKey("TLS_KEY_FILE", key));
    List<X509Certificate> authorities =
        ca == null ? null : pem(() -> PemFiles.certificates("TLS_CA_FILE", ca));
    if (chain != null && privateKey != null && !PemFiles.matches(chain.getFirst(), privateKey)) {
      problems.add(
          "TLS_KEY_FILE='"
              + key
              + "' does not match TLS_CERT_FILE='"
              + cert
              + "': the key is not the private key of the certificate's public key");
      return null;
    }
    if (chain == null || privateKey == null || (ca != null && authorities == null)) {
      return null;
    }
    return minVersion == null ? null : new ServerSettings.Tls(cert, key, ca, minVersion);
  }

  private Path tlsFile(String name, String raw, boolean required) {
    String file = SettingsProblems.blankToNull(raw);
    if (file == null) {
      if (required) {
        problems.add(name + " is required with TLS_ENABLED=true (a PEM file)");
      }
      return null;
    }
    try {
      return Path.of(file).toAbsolutePath();
    } catch (InvalidPathException e) {
      problems.problem(name, raw, "a file path");
      return null;
    }
  }

  /** What {@code read} returns, or null after reporting why the file named cannot be used. */
  private <T> T pem(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (PemFiles.InvalidPemException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /**
   * {@code MANAGEMENT_PORT}: unset = the API port without TLS, {@link
   * ServerSettings#DEFAULT_TLS_MANAGEMENT_PORT} with; never the API port itself.
   */
  private Integer managementPort(ForecasterProperties p, boolean tls) {
    String raw = SettingsProblems.blankToNull(p.managementPort());
    Integer port;
    if (raw == null) {
      port = tls ? ServerSettings.DEFAULT_TLS_MANAGEMENT_PORT : null;
    } else {
      port = problems.integer("MANAGEMENT_PORT", raw, 1, 65_535);
    }
    Integer apiPort = parsePort(p.serverPort());
    if (port != null && port.equals(apiPort)) {
      if (raw == null) {
        problems.add(
            "MANAGEMENT_PORT is unset, so "
                + port
                + " with TLS_ENABLED=true, which is SERVER_PORT: set MANAGEMENT_PORT to another"
                + " port (it serves probes and /metrics over plain HTTP)");
      } else {
        problems.problem(
            "MANAGEMENT_PORT",
            raw,
            "a port other than SERVER_PORT (" + apiPort + "); it serves probes and /metrics");
      }
      return null;
    }
    return port;
  }

  private static Integer parsePort(String raw) {
    try {
      return raw == null ? null : Integer.valueOf(raw.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Double quantileLevel(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0.0;
    }
    OptionalDouble level = parseQuantileLevel(raw);
    if (level.isPresent()) {
      return level.getAsDouble();
    }
    problems.problem("QUANTILE_LEVEL", raw, QUANTILE_LEVELS);
    return null;
  }

  /** What {@link #parseQuantileLevel} accepts, for error messages. */
  public static final String QUANTILE_LEVELS =
      "0 (off), a level in (0, 1) such as 0.9, or p1..p99 such as p90";

  /**
   * A quantile level as written by an operator ({@code 0}, {@code 0.9}, {@code p90}); empty when it
   * is none of these. Shared with the backtest's {@code --quantile-level}.
   */
  public static OptionalDouble parseQuantileLevel(String raw) {
    String v = raw.strip().toLowerCase(Locale.ROOT);
    try {
      double level =
          v.startsWith("p") ? Double.parseDouble(v.substring(1)) / 100 : Double.parseDouble(v);
      if (level == 0 || (level > 0 && level < 1)) {
        return OptionalDouble.of(level);
      }
    } catch (NumberFormatException e) {
      // not a level
    }
    return OptionalDouble.empty();
  }
}
