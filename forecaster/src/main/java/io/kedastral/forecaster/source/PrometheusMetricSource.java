package io.kedastral.forecaster.source;

import io.kedastral.core.series.Durations;
import io.kedastral.core.series.Sample;
import io.kedastral.core.source.MetricSource;
import io.kedastral.core.source.MetricSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a PromQL expression through the Prometheus HTTP API {@code /api/v1/query_range} (also
 * served by VictoriaMetrics, Thanos and Mimir). All returned series are summed per timestamp. A
 * path prefix in the base URL ({@code /prometheus}, {@code /select/0/prometheus}) is kept. Ranges
 * over {@link #MAX_POINTS_PER_REQUEST} points are split into several requests, because Prometheus
 * refuses more than 11,000 points per series.
 */
public final class PrometheusMetricSource implements MetricSource {
  /** Below Prometheus' hard limit of 11,000 points per series and query. */
  static final int MAX_POINTS_PER_REQUEST = 10_000;

  /** Upper bound on one answer, so a runaway query cannot exhaust the heap. */
  static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  /**
   * Closes an answer's body at the request deadline: {@link HttpRequest#timeout} only bounds the
   * wait for the response headers, not the body read afterwards.
   */
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("prometheus-deadline").daemon().factory());

  private final String name;
  private final URI queryRangeUri;
  private final String query;
  private final Duration timeout;
  private final HttpClient http;
  private final JsonMapper json;

  public PrometheusMetricSource(
      String name, URI baseUrl, String query, Duration timeout, HttpClient http, JsonMapper json) {
    this.name = name;
    this.queryRangeUri = queryRangeUri(baseUrl);
    this.query = query;
    this.timeout = timeout;
    this.http = http;
    this.json = json;
  }

  /** {@code base + /api/v1/query_range}, keeping any path prefix of the base URL. */
  static URI queryRangeUri(URI base) {
    String s = base.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s + "/api/v1/query_range");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Sample> fetch(Instant start, Instant end, Duration step) {
    if (end.isBefore(start)) {
      return List.of();
    }
    TreeMap<Instant, double[]> sums = new TreeMap<>(); // time -> {sum, finiteCount}
    Duration chunk = step.multipliedBy(MAX_POINTS_PER_REQUEST - 1);
    Instant from = start;
    while (!from.isAfter(end)) {
      Instant to = from.plus(chunk).isBefore(end) ? from.plus(chunk) : end;
      accumulate(queryRange(from, to, step), sums);
      from = to.plus(step);
    }
    List<Sample> samples = new ArrayList<>(sums.size());
    sums.forEach((t, acc) -> samples.add(new Sample(t, acc[1] > 0 ? acc[0] : Double.NaN)));
    return samples;
  }

  private JsonNode queryRange(Instant from, Instant to, Duration step) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri =
        URI.create(
            queryRangeUri
                + "?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start="
                + seconds(from)
                + "&end="
                + seconds(to)
                + "&step="
                + seconds(step));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new MetricSourceException(
          "timeout", "Prometheus did not answer within " + Durations.format(timeout), e);
    } catch (IOException e) {
      throw new MetricSourceException(
          "unreachable", "cannot reach Prometheus at " + queryRangeUri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricSourceException("interrupted", "interrupted while querying Prometheus", e);
    }
    return readAnswer(response, deadline);
  }

  private JsonNode readAnswer(HttpResponse<InputStream> response, long deadline) {
    InputStream raw = response.body();
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        DEADLINES.schedule(
            () -> {
              expired.set(true);
              try {
                raw.close(); // unblocks the reading thread with an IOException
              } catch (IOException ignored) {
                // closing is all we can do
              }
            },
            Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    JsonNode root;
    try (InputStream body = new BoundedInputStream(raw, MAX_RESPONSE_BYTES)) {
      root = json.readTree(body);
    } catch (JacksonException | IOException e) {
      if (expired.get()) {
        throw new MetricSourceException(
            "timeout",
            "Prometheus did not send its whole answer within " + Durations.format(timeout),
            e);
      }
      String reason = response.statusCode() / 100 == 2 ? "malformed" : "http_status";
      throw new MetricSourceException(
          reason,
          "unreadable answer from Prometheus (HTTP "
              + response.statusCode()
              + "): "
              + e.getMessage(),
          e);
    } finally {
      watchdog.cancel(false);
    }
    return result(response.statusCode(), root);
  }

  /**
   * The {@code data.result} matrix of a parsed answer with HTTP status {@code statusCode}.
   *
   * @throws MetricSourceException for an error answer or anything that is not a matrix answer
   */
  static JsonNode result(int statusCode, JsonNode root) {
    String status = root.path("status").asString("");
    if (!"success".equals(status) && !"error".equals(status)) {
      throw new MetricSourceException(
          statusCode / 100 == 2 ? "malformed" : "http_status",
          "not a Prometheus API answer (HTTP " + statusCode + "): no \"status\" member");
    }
    if (!"success".equals(status)) {
      String errorType = root.path("errorType").asString("");
      String error = abbreviate(root.path("error").asString("no error message"));
      String reason;
      if ("bad_data".equals(errorType)) {
        reason = "bad_query";
      } else if (errorType.isEmpty() && statusCode / 100 != 2) {
        reason = "http_status"; // an error status without a Prometheus error type
      } else {
        reason = "query_error";
      }
      throw new MetricSourceException(
          reason,
          "Prometheus answered HTTP "
              + statusCode
              + (errorType.isEmpty() ? "" : " " + errorType)
              + ": "
              + error);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asString("");
    if (!"matrix".equals(type)) {
      throw new MetricSourceException(
          "malformed",
          "expected a matrix from query_range, got resultType '" + abbreviate(type) + "'");
    }
    return data.path("result");
  }

  /** Adds every finite point of {@code result} to its timestamp's sum and count. */
  static void accumulate(JsonNode result, Map<Instant, double[]> sums) {
    for (JsonNode series : result) {
      for (JsonNode point : series.path("values")) {
        if (!point.isArray() || point.size() != 2) {
          throw new MetricSourceException(
              "malformed", "a point is not [time, \"value\"]: " + abbreviate(point.toString()));
        }
        JsonNode time = point.get(0);
        JsonNode value = point.get(1);
        if (!time.isNumber() || !(value.isString() || value.isNumber())) {
          // found by PrometheusAnswerFuzzTest: asDouble() on an object threw JsonNodeException
          throw new MetricSourceException(
              "malformed",
              "a point is not [unix time, \"value\"]: " + abbreviate(point.toString()));
        }
        Instant t = Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
        double v = value.isNumber() ? value.asDouble() : parseValue(value.asString());
        double[] acc = sums.computeIfAbsent(t, k -> new double[2]);
        if (Double.isFinite(v)) {
          acc[0] += v;
          acc[1]++;
        }
      }
    }
  }

  /** At most 300 characters of text from the answer, so one log line stays readable. */
  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  private static double parseValue(String raw) {
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      // Prometheus writes "NaN", "+Inf", "-Inf"; anything else unreadable counts as missing.
      return Double.NaN;
    }
  }

  private static String seconds(Instant t) {
    return t.getEpochSecond()
        + (t.getNano() == 0 ? "" : String.format(Locale.ROOT, ".%03d", t.getNano() / 1_000_000));
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
