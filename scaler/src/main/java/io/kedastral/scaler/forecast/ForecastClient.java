package io.kedastral.scaler.forecast;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Fetches a workload's snapshot from the forecaster ({@code GET
 * <base>/forecast/current?workload=NAME}, SPEC §1.3). The base URL's path prefix is kept, the
 * workload is URL-encoded, the whole exchange is bounded by a timeout and the body by a size limit.
 * The answer is parsed into the core {@link Snapshot} record, which validates it; unknown keys are
 * ignored. Every failure completes the future with a {@link SnapshotUnavailableException} saying
 * why (a failed TLS handshake is {@code UNREACHABLE} with the handshake's reason); nothing is
 * thrown to the caller. The TLS set-up lives in the {@link HttpClient} ({@link ForecasterHttp}).
 */
public final class ForecastClient {
  /** Far above a real snapshot (10,000 steps with quantiles is ~400 KB). */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Stands for the workload in a {@code FORECASTER_URL} template. */
  public static final String WORKLOAD_PLACEHOLDER = "{workload}";

  private static final Pattern SERVICE_NAME_PART =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final HttpClient http;
  private final String base;
  private final Duration timeout;
  private final JsonMapper json;
  private final int maxBodyBytes;

  public ForecastClient(
      HttpClient http, URI baseUrl, Duration timeout, JsonMapper json, int maxBodyBytes) {
    this(http, baseUrl.toString(), timeout, json, maxBodyBytes);
  }

  /**
   * @param baseUrl the forecaster's base URL, or a template in which {@value #WORKLOAD_PLACEHOLDER}
   *     stands for the workload (one forecaster Service per workload, e.g. {@code
   *     http://kedastral-forecaster-{workload}.kedastral.svc:8081}); validated by the settings
   */
  public ForecastClient(
      HttpClient http, String baseUrl, Duration timeout, JsonMapper json, int maxBodyBytes) {
    this.http = http;
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The reader for snapshots: unknown keys are skipped (a tolerant reader of SPEC §1.3), but a
   * fractional replica count or a missing number is an error, never silently truncated or zero. A
   * whole replica count beyond the {@code int} range (e.g. {@code 1e12}) is read as {@link
   * Integer#MAX_VALUE} (or {@code MIN_VALUE}, which the snapshot rejects as negative), so that an
   * absurd plan reaches the {@code REPLICAS_CAP} clamp instead of failing as unreadable.
   */
  public static JsonMapper snapshotReader() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .addModule(new SimpleModule().addDeserializer(Integer.class, new ReplicaCountReader()))
        .build();
  }

  /**
   * Reads the snapshot's {@code Integer}s (only {@code desiredReplicas}): whole numbers, saturated
   * at the {@code int} range.
   */
  private static final class ReplicaCountReader extends ValueDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
      JsonToken token = p.currentToken();
      BigDecimal value;
      if (token == JsonToken.VALUE_NUMBER_INT) {
        value = new BigDecimal(p.getBigIntegerValue());
      } else if (token == JsonToken.VALUE_NUMBER_FLOAT && !p.isNaN()) {
        value = p.getDecimalValue();
      } else {
        return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
      }
      if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
        return ctxt.reportInputMismatch(
            Integer.class, "a replica count must be a whole number, was " + p.getText());
      }
      if (value.compareTo(INT_MAX) > 0) {
        return Integer.MAX_VALUE;
      }
      if (value.compareTo(INT_MIN) < 0) {
        return Integer.MIN_VALUE;
      }
      return value.intValueExact();
    }

    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  }

  /**
   * The request URI for {@code workload}: base URL (prefix kept, {@value #WORKLOAD_PLACEHOLDER}
   * replaced) + route + encoded name.
   *
   * @throws IllegalArgumentException when the base is a template and the workload cannot be part of
   *     a host name or path there (only lowercase letters, digits and '-', as in a Service name)
   */
  public URI uriFor(String workload) {
    String target = base;
    if (base.contains(WORKLOAD_PLACEHOLDER)) {
      if (!SERVICE_NAME_PART.matcher(workload).matches()) {
        throw new IllegalArgumentException(
            "workload '"
                + workload
                + "' cannot fill FORECASTER_URL="
                + base
                + ": only lowercase letters, digits and '-' (at most 63) name a forecaster Service");
      }
      target = base.replace(WORKLOAD_PLACEHOLDER, workload);
    }
    return URI.create(
        target
            + "/forecast/current?workload="
            + URLEncoder.encode(workload, StandardCharsets.UTF_8));
  }

  /** Fetches and validates; never completes with {@code null}. */
  public CompletableFuture<Snapshot> fetch(String workload) {
    URI uri;
    try {
      uri = uriFor(workload);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new SnapshotUnavailableException(Reason.UNREACHABLE, e.getMessage(), e));
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, info -> new LimitedBodySubscriber(maxBodyBytes))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> interpret(workload, response, error));
  }

  private Snapshot interpret(String workload, HttpResponse<byte[]> response, Throwable error) {
    if (error != null) {
      throw failure(workload, unwrap(error));
    }
    int status = response.statusCode();
    if (status == 404) {
      throw new SnapshotUnavailableException(
          Reason.NOT_FOUND, "the forecaster has no snapshot for workload '" + workload + "' (404)");
    }
    if (status < 200 || status > 299) {
      throw new SnapshotUnavailableException(
          Reason.BAD_STATUS,
          "the forecaster answered HTTP " + status + " for workload '" + workload + "'");
    }
    return parse(workload, response.body());
  }

  /** Parses one answer body; package-private for the fuzz test. */
  Snapshot parse(String workload, byte[] body) {
    Snapshot snapshot;
    try {
      snapshot = json.readValue(body, Snapshot.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new SnapshotUnavailableException(
          Reason.MALFORMED,
          "invalid snapshot from the forecaster for workload '" + workload + "': " + rootMessage(e),
          e);
    }
    if (snapshot == null || !workload.equals(snapshot.workload())) {
      throw new SnapshotUnavailableException(
          Reason.MALFORMED,
          "the forecaster answered for workload '"
              + (snapshot == null ? null : snapshot.workload())
              + "' instead of '"
              + workload
              + "'");
    }
    return snapshot;
  }

  private SnapshotUnavailableException failure(String workload, Throwable e) {
    String where = " (forecaster " + base + ", workload '" + workload + "')";
    if (e instanceof LimitedBodySubscriber.TooLargeException) {
      return new SnapshotUnavailableException(
          Reason.MALFORMED, "snapshot rejected: " + e.getMessage() + where, e);
    }
    SSLException tls = tlsFailure(e);
    if (tls != null) {
      return new SnapshotUnavailableException(
          Reason.UNREACHABLE,
          "forecaster unreachable: TLS handshake failed: "
              + tls.getMessage()
              + " (check TLS_CA_FILE, TLS_CERT_FILE/TLS_KEY_FILE and the host name in"
              + " FORECASTER_URL against the forecaster's certificate)"
              + where,
          e);
    }
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
      return new SnapshotUnavailableException(
          Reason.UNREACHABLE, "forecaster unreachable: " + e + where, e);
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return new SnapshotUnavailableException(
          Reason.TIMEOUT, "no answer from the forecaster within " + timeout + where, e);
    }
    if (base.startsWith("https:") && e instanceof java.io.IOException) {
      // With TLS 1.3 a server that refuses our client certificate says so after the handshake
      // has completed on our side: the alert can arrive as a plain closed connection instead.
      return new SnapshotUnavailableException(
          Reason.UNREACHABLE,
          "forecaster request failed: "
              + e
              + " (the connection closed: a forecaster requiring client certificates may have"
              + " refused ours; check TLS_CERT_FILE/TLS_KEY_FILE against the forecaster's"
              + " TLS_CA_FILE)"
              + where,
          e);
    }
    return new SnapshotUnavailableException(
        Reason.UNREACHABLE, "forecaster request failed: " + e + where, e);
  }

  /** The TLS failure behind {@code e}, or null when it is not one. */
  private static SSLException tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null) {
      return t.getClass().getSimpleName();
    }
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
