package io.kedastral.forecaster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API of SPEC §1.3 on a real server, fed by the bundled replay trace. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "WORKLOAD=demo",
      "METRIC=tweets_per_5m",
      "ADAPTER=replay",
      "STEP=5m",
      "HORIZON=1h",
      "WINDOW=7d",
      "INTERVAL=1h",
      "TARGET_PER_POD=20"
    })
class ForecastApiTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(NOW);
    }
  }

  @LocalServerPort int port;
  @Autowired MutableClock clock;
  @Autowired Clock appClock;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path);
  }

  private HttpResponse<String> awaitSnapshot() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/forecast/current?workload=demo"), r -> r.statusCode() == 200);
  }

  @Test
  void servesTheSnapshotWithTheContractKeysAndFiniteNumbers() throws Exception {
    HttpResponse<String> r = awaitSnapshot();
    assertThat(appClock).isSameAs(clock);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.headers().firstValue("X-Kedastral-Stale")).contains("false");
    JsonNode s = json.readTree(r.body());
    List<String> keys = new ArrayList<>(s.propertyNames());
    assertThat(keys)
        .containsExactly(
            "workload",
            "metric",
            "generatedAt",
            "stepSeconds",
            "horizonSeconds",
            "values",
            "desiredReplicas",
            "model",
            "quantiles");
    assertThat(s.get("workload").asString()).isEqualTo("demo");
    assertThat(s.get("metric").asString()).isEqualTo("tweets_per_5m");
    assertThat(s.get("generatedAt").asString()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(s.get("stepSeconds").asLong()).isEqualTo(300);
    assertThat(s.get("horizonSeconds").asLong()).isEqualTo(3600);
    assertThat(s.get("values")).hasSize(12);
    assertThat(s.get("desiredReplicas")).hasSize(12);
    s.get("values")
        .forEach(v -> assertThat(v.isNumber() && Double.isFinite(v.asDouble())).isTrue());
    s.get("desiredReplicas").forEach(v -> assertThat(v.isIntegralNumber()).isTrue());
    assertThat(s.get("model").asString()).startsWith("baseline");
    assertThat(s.get("quantiles").get("0.9")).hasSize(12);
    assertThat(r.body()).doesNotContain("NaN", "Infinity");
  }

  @Test
  void flagsAStaleSnapshotInAHeader() throws Exception {
    awaitSnapshot();
    clock.set(NOW.plus(Duration.ofHours(2)).plusSeconds(1)); // INTERVAL 1h: stale after 2h
    try {
      HttpResponse<String> r = get("/forecast/current?workload=demo");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Kedastral-Stale")).contains("true");
    } finally {
      clock.set(NOW);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/forecast/current",
        "/forecast/current?workload=",
        "/forecast/current?workload=..%2Fetc",
        "/forecast/current?workload=a%0Ab",
        "/forecast/current?workload=-x"
      })
  void rejectsAMissingOrInvalidWorkloadWith400(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertProblem(r, 400);
  }

  @Test
  void rejectsOversizedRequestsWithoutHarm() throws Exception {
    // 20 KB of query string is over the 16 KB header limit: Tomcat answers 400 itself.
    HttpResponse<String> huge = get("/forecast/current?workload=" + "a".repeat(20_000));
    assertThat(huge.statusCode()).isEqualTo(400);
    // just under the limit the name is still invalid (over 253 characters): our 400
    HttpResponse<String> longName = get("/forecast/current?workload=" + "a".repeat(10_000));
    assertThat(longName.statusCode()).isEqualTo(400);
    assertProblem(longName, 400);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void answers404ForAnUnknownWorkload() throws Exception {
    awaitSnapshot();
    HttpResponse<String> r = get("/forecast/current?workload=other");
    assertThat(r.statusCode()).isEqualTo(404);
    assertProblem(r, 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void refusesEveryMethodButGetAndHead(String method) throws Exception {
    for (String path :
        List.of("/forecast/current?workload=demo", "/metrics", "/healthz", "/nope")) {
      HttpResponse<String> r = send(method, path);
      assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
      assertProblem(r, 405);
    }
  }

  @Test
  void answersHead() throws Exception {
    awaitSnapshot();
    HttpResponse<String> r = send("HEAD", "/forecast/current?workload=demo");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void listsWorkloadsAndServesProbes() throws Exception {
    awaitSnapshot();
    assertThat(json.readTree(get("/workloads").body()).get("workloads").get(0).asString())
        .isEqualTo("demo");
    HttpResponse<String> healthz = get("/healthz");
    assertThat(healthz.statusCode()).isEqualTo(200);
    assertThat(healthz.body()).isEqualTo("OK");
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
  }

  @Test
  void exportsTheContractMetricsAndTheAgeGrows() throws Exception {
    awaitSnapshot();
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("kedastral_predicted_value{workload=\"demo\"}")
        .contains("kedastral_desired_replicas{workload=\"demo\"}")
        .contains("kedastral_forecast_age_seconds{workload=\"demo\"}")
        .contains("kedastral_adapter_collect_seconds_bucket{adapter=\"replay\"")
        .contains("kedastral_model_predict_seconds_bucket{model=\"baseline\"")
        .contains("kedastral_capacity_compute_seconds_bucket{")
        .contains(
            "kedastral_errors_total{component=\"collect\",reason=\"unreachable\",workload=\"demo\"}")
        .contains("jvm_memory_used_bytes");
    double before = gauge(metrics, "kedastral_forecast_age_seconds");
    clock.set(NOW.plusSeconds(100));
    try {
      double after = gauge(get("/metrics").body(), "kedastral_forecast_age_seconds");
      assertThat(after - before).isEqualTo(100.0);
    } finally {
      clock.set(NOW);
    }
  }

  private static double gauge(String exposition, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(exposition);
    assertThat(m.find()).as(name + " in exposition").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode p = json.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("error").asString()).isNotBlank();
    assertThat(p.get("detail").asString()).isEqualTo(p.get("error").asString());
  }
}
