package io.kedastral.forecaster.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kedastral.core.series.Sample;
import io.kedastral.core.source.MetricSourceException;
import io.kedastral.forecaster.testsupport.PrometheusServer;
import io.kedastral.forecaster.testsupport.PrometheusServer.Series;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PrometheusMetricSource} against a real Prometheus on loopback (backfilled with promtool)
 * and, for failure modes Prometheus itself does not produce, a small local HTTP server.
 */
class PrometheusMetricSourceIT {
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** 12,500 one-minute points, ending at T0: more than Prometheus' 11,000 per request. */
  private static final int LONG_WINDOW_POINTS = 12_500;

  private static PrometheusServer prometheus;
  private static List<Sample> amznTrace;
  private static HttpServer fake;

  @BeforeAll
  static void startServers() throws IOException {
    amznTrace =
        PrometheusServer.shiftedTrace(
            PrometheusServer.nabTrace("Twitter_volume_AMZN.csv"), STEP, T0, LONG_WINDOW_POINTS);
    List<Series> backfill = new ArrayList<>();
    backfill.add(series("http_requests", "a", i -> (double) i));
    backfill.add(series("http_requests", "b", i -> 2.5));
    backfill.add(series("http_requests", "c", i -> 1000.0 + 10 * i));
    // queue_depth: minute 3 is NaN in every series, minute 5 only in pod b.
    backfill.add(series("queue_depth", "a", i -> i == 3 ? Double.NaN : 1.0));
    backfill.add(series("queue_depth", "b", i -> i == 3 || i == 5 ? Double.NaN : 20.0));
    backfill.add(series("queue_depth", "c", i -> i == 3 ? Double.NaN : 300.0));
    backfill.add(new Series("twitter_volume_amzn", Map.of(), amznTrace));
    prometheus = PrometheusServer.start(backfill);

    fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    fake.createContext("/slow/", exchange -> delayedAnswer(exchange, Duration.ofSeconds(3)));
    fake.createContext("/stalled-body/", PrometheusMetricSourceIT::stalledBody);
    fake.createContext(
        "/bad-gateway/",
        exchange ->
            answer(exchange, 502, "text/html", "<html><body>502 Bad Gateway</body></html>"));
    fake.createContext(
        "/garbage/", exchange -> answer(exchange, 200, "application/json", "this is not json"));
    fake.createContext(
        "/not-prometheus/",
        exchange -> answer(exchange, 200, "application/json", "{\"hello\":\"world\"}"));
    fake.createContext("/huge/", PrometheusMetricSourceIT::hugeAnswer);
    fake.start();
  }

  @AfterAll
  static void stopServers() {
    if (fake != null) {
      fake.stop(0);
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void sumsEverySeriesPerTimestamp() {
    List<Sample> samples = source(prometheus.baseUrl(), "http_requests").fetch(T0, at(9), STEP);

    List<Sample> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(new Sample(at(i), i + 2.5 + 1000.0 + 10 * i));
    }
    assertThat(samples).containsExactlyElementsOf(expected);
  }

  @Test
  void keepsThePathPrefixOfTheBaseUrl() {
    try (PrometheusServer prefixed =
        PrometheusServer.start(
            List.of(series("http_requests", "a", i -> 7.0 * i)), "/prometheus")) {
      URI base = prefixed.baseUrl();
      assertThat(base.getPath()).isEqualTo("/prometheus");

      List<Sample> expected = List.of(new Sample(T0, 0.0), new Sample(at(1), 7.0));
      assertThat(source(base, "http_requests").fetch(T0, at(1), STEP))
          .containsExactlyElementsOf(expected);
      assertThat(source(URI.create(base + "/"), "http_requests").fetch(T0, at(1), STEP))
          .containsExactlyElementsOf(expected);
      // Without the prefix this Prometheus answers 404: the prefix really is needed.
      URI root = URI.create("http://127.0.0.1:" + prefixed.port());
      assertThat(failure(() -> source(root, "http_requests").fetch(T0, at(1), STEP)).reason())
          .isEqualTo("http_status");
    }
  }

  @Test
  void splitsAWindowLongerThanPrometheusPointLimitAndReturnsEveryPoint() throws Exception {
    Instant first = amznTrace.getFirst().time();
    Instant last = amznTrace.getLast().time();
    assertThat(last).isEqualTo(T0);
    // Precondition: one request for the whole window is refused by Prometheus itself.
    HttpResponse<String> direct = rawQueryRange("twitter_volume_amzn", first, last);
    assertThat(direct.statusCode()).isEqualTo(400);
    assertThat(direct.body()).contains("11,000 points");

    List<Sample> samples =
        source(prometheus.baseUrl(), "twitter_volume_amzn").fetch(first, last, STEP);

    assertThat(samples).hasSize(LONG_WINDOW_POINTS);
    assertThat(samples.getFirst().time()).isEqualTo(first);
    assertThat(samples.getLast().time()).isEqualTo(last);
    assertThat(samples).containsExactlyElementsOf(amznTrace);
  }

  @Test
  void reportsAPromQlSyntaxErrorAsBadQueryWithPrometheusMessage() {
    MetricSourceException e =
        failure(
            () ->
                source(prometheus.baseUrl(), "sum(rate(http_requests[5m])").fetch(T0, at(9), STEP));

    assertThat(e.reason()).isEqualTo("bad_query");
    assertThat(e.getMessage()).contains("400").contains("parse error");
  }

  @Test
  void returnsNoSamplesForAMetricThatDoesNotExist() {
    assertThat(source(prometheus.baseUrl(), "no_such_metric").fetch(T0, at(9), STEP)).isEmpty();
  }

  @Test
  void returnsNaNWhenEverySeriesIsNaNAndLeavesNaNOutOfTheSumOtherwise() {
    List<Sample> samples = source(prometheus.baseUrl(), "queue_depth").fetch(T0, at(9), STEP);

    assertThat(samples).hasSize(10);
    assertThat(samples.get(2)).isEqualTo(new Sample(at(2), 321.0));
    assertThat(samples.get(3).time()).isEqualTo(at(3));
    assertThat(samples.get(3).value()).isNaN();
    assertThat(samples.get(5)).isEqualTo(new Sample(at(5), 301.0));
    assertThat(samples.stream().filter(s -> Double.isNaN(s.value()))).hasSize(1);
  }

  @Test
  void reportsUnreachableWhilePrometheusIsDownAndRecoversAfterRestart() {
    try (PrometheusServer outage =
        PrometheusServer.start(List.of(series("http_requests", "a", i -> 1.0)))) {
      PrometheusMetricSource source = source(outage.baseUrl(), "http_requests");
      assertThat(source.fetch(T0, at(2), STEP)).hasSize(3);

      outage.stop();
      MetricSourceException e = failure(() -> source.fetch(T0, at(2), STEP));
      assertThat(e.reason()).isEqualTo("unreachable");
      assertThat(e.getMessage()).contains(outage.baseUrl().toString());

      outage.restart();
      assertThat(source.fetch(T0, at(2), STEP)).hasSize(3);
    }
  }

  @Test
  void reportsTimeoutWhenTheServerAnswersTooLate() {
    long started = System.nanoTime();
    MetricSourceException e =
        failure(() -> source(fakeUrl("/slow"), "up", Duration.ofMillis(300)).fetch(T0, T0, STEP));

    assertThat(e.reason()).isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void reportsTimeoutWhenTheBodyStallsAfterTheHeaders() {
    long started = System.nanoTime();
    MetricSourceException e =
        failure(
            () ->
                source(fakeUrl("/stalled-body"), "up", Duration.ofMillis(300)).fetch(T0, T0, STEP));

    assertThat(e.reason()).isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void reportsMalformedForJsonThatIsNotAPrometheusAnswer() {
    MetricSourceException e =
        failure(() -> source(fakeUrl("/not-prometheus"), "up").fetch(T0, T0, STEP));

    assertThat(e.reason()).isEqualTo("malformed");
  }

  @Test
  void reportsHttpStatusForABadGatewayThatIsNotJson() {
    MetricSourceException e =
        failure(() -> source(fakeUrl("/bad-gateway"), "up").fetch(T0, T0, STEP));

    assertThat(e.reason()).isEqualTo("http_status");
    assertThat(e.getMessage()).contains("502");
  }

  @Test
  void reportsMalformedForGarbageWithStatus200() {
    MetricSourceException e = failure(() -> source(fakeUrl("/garbage"), "up").fetch(T0, T0, STEP));

    assertThat(e.reason()).isEqualTo("malformed");
  }

  @Test
  void rejectsAnAnswerOverTheSizeLimit() {
    long started = System.nanoTime();
    MetricSourceException e = failure(() -> source(fakeUrl("/huge"), "up").fetch(T0, T0, STEP));

    assertThat(e.getMessage()).contains("larger than " + PrometheusMetricSource.MAX_RESPONSE_BYTES);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  // --- helpers -------------------------------------------------------------------------------

  private static Instant at(int minute) {
    return T0.plus(STEP.multipliedBy(minute));
  }

  /** One series of ten one-minute points from T0. */
  private static Series series(String metric, String pod, IntToDoubleFunction value) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      samples.add(new Sample(at(i), value.applyAsDouble(i)));
    }
    return new Series(metric, Map.of("pod", pod, "job", "api"), samples);
  }

  private static PrometheusMetricSource source(URI base, String query) {
    return source(base, query, TIMEOUT);
  }

  /** Built like the application builds it (ForecasterConfiguration). */
  private static PrometheusMetricSource source(URI base, String query, Duration timeout) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return new PrometheusMetricSource("prometheus", base, query, timeout, http, JSON);
  }

  private static MetricSourceException failure(Runnable call) {
    MetricSourceException e = catchThrowableOfType(MetricSourceException.class, call::run);
    assertThat(e).as("expected a MetricSourceException").isNotNull();
    return e;
  }

  private static HttpResponse<String> rawQueryRange(String query, Instant start, Instant end)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            prometheus.baseUrl()
                + "/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start="
                + start.getEpochSecond()
                + "&end="
                + end.getEpochSecond()
                + "&step=60s");
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static URI fakeUrl(String prefix) {
    return URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + prefix);
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void delayedAnswer(HttpExchange exchange, Duration delay) throws IOException {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      answer(exchange, 200, "application/json", emptyMatrix());
    } catch (IOException ignored) {
      // the client gave up long ago
    }
  }

  /** Headers and the start of the body at once, the rest after the client's timeout. */
  private static void stalledBody(HttpExchange exchange) {
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      out.write("{\"status\":\"success\",".getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(3000);
      out.write(
          "\"data\":{\"resultType\":\"matrix\",\"result\":[]}}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException ignored) {
      // the client gave up
    }
  }

  /** A syntactically endless answer: 65 MiB of JSON whitespace after the first member name. */
  private static void hugeAnswer(HttpExchange exchange) {
    byte[] spaces = new byte[1 << 20];
    Arrays.fill(spaces, (byte) ' ');
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      out.write("{\"status\":\"success\",\"data\":".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 65; i++) {
        out.write(spaces);
      }
      out.write("{\"resultType\":\"matrix\",\"result\":[]}}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // expected: the client stops reading at the limit
    }
  }

  private static String emptyMatrix() {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
  }
}
