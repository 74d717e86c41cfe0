package io.kedastral.forecaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.model.Forecast;
import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.series.Sample;
import io.kedastral.forecaster.ForecasterApplication;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.testsupport.PrometheusServer;
import io.kedastral.forecaster.testsupport.PrometheusServer.Series;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forecaster end to end against a real Prometheus holding a real trace (NAB
 * ec2_cpu_utilization_5f5533, split over two pods) backfilled so that it ends now. The last hour of
 * the trace is held out to measure the forecast.
 */
class ForecasterPrometheusIT {
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final int HELD_OUT = 12;

  private static PrometheusServer prometheus;
  private static List<Sample> heldOut;
  private static double lastObserved;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void startPrometheus() {
    Instant now = Instant.now();
    // Re-time the trace so that the point HELD_OUT steps before its end falls on "now".
    List<Sample> all =
        PrometheusServer.shiftedTrace(
            PrometheusServer.nabTrace("ec2_cpu_utilization_5f5533.csv"),
            STEP,
            now.plus(STEP.multipliedBy(HELD_OUT)),
            4032);
    List<Sample> history = all.subList(0, all.size() - HELD_OUT);
    heldOut = all.subList(all.size() - HELD_OUT, all.size());
    lastObserved = history.get(history.size() - 1).value();
    List<Sample> podA = new ArrayList<>();
    List<Sample> podB = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Sample s = history.get(i);
      // a NaN every 97 points in one pod: the other pod's value still counts at that time
      podA.add(new Sample(s.time(), i % 97 == 0 ? Double.NaN : s.value() * 0.4));
      podB.add(new Sample(s.time(), s.value() * 0.6));
    }
    List<Sample> allNan = history.stream().map(s -> new Sample(s.time(), Double.NaN)).toList();
    prometheus =
        PrometheusServer.start(
            List.of(
                new Series("cpu_usage", Map.of("pod", "a"), podA),
                new Series("cpu_usage", Map.of("pod", "b"), podB),
                new Series("broken_gauge", Map.of(), allNan)));
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private ConfigurableApplicationContext startForecaster(String query, String... extra) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("SERVER_PORT", "0");
    props.put("WORKLOAD", "ec2-cpu");
    props.put("METRIC", "cpu_usage");
    props.put("PROM_URL", prometheus.baseUrl().toString());
    props.put("PROM_QUERY", query);
    props.put("PROM_TIMEOUT", "2s");
    props.put("STEP", "5m");
    props.put("HORIZON", "1h");
    props.put("WINDOW", "7d");
    props.put("INTERVAL", "2s");
    props.put("TARGET_PER_POD", "10");
    // Plans independent of the previous one, so the test can recompute them exactly.
    props.put("UP_MAX_FACTOR", "1000");
    props.put("DOWN_MAX_PERCENT", "100");
    props.put("REACTIVE_FLOOR", "false");
    for (int i = 0; i < extra.length; i += 2) {
      props.put(extra[i], extra[i + 1]);
    }
    return new SpringApplicationBuilder(ForecasterApplication.class).properties(props).run();
  }

  private static int port(ConfigurableApplicationContext ctx) {
    return ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  private HttpResponse<String> get(ConfigurableApplicationContext ctx, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ctx) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitSnapshot(ConfigurableApplicationContext ctx, Instant after) {
    HttpResponse<String> r =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> get(ctx, "/forecast/current?workload=ec2-cpu"),
                res ->
                    res.statusCode() == 200
                        && Instant.parse(json.readTree(res.body()).get("generatedAt").asString())
                            .isAfter(after));
    return json.readTree(r.body());
  }

  private double metric(ConfigurableApplicationContext ctx, String series) throws Exception {
    String body = get(ctx, "/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void forecastsFromPrometheusAndPlansExactlyAsThePlanner() throws Exception {
    try (var ctx = startForecaster("cpu_usage")) {
      JsonNode s = awaitSnapshot(ctx, Instant.EPOCH);
      double[] values = doubles(s.get("values"));
      assertThat(values).hasSize(12);
      assertThat(s.get("model").asString()).startsWith("baseline");

      ForecasterSettings settings = ctx.getBean(ForecasterSettings.class);
      Forecast forecast =
          new Forecast("x", values, Map.of(0.9, doubles(s.get("quantiles").get("0.9"))));
      int[] expected =
          new CapacityPlanner(settings.policy())
              .plan(forecast, OptionalInt.empty(), OptionalDouble.empty());
      int[] served = new int[12];
      for (int i = 0; i < 12; i++) {
        served[i] = s.get("desiredReplicas").get(i).asInt();
      }
      assertThat(served).containsExactly(expected);

      double mae = 0;
      double naiveMae = 0;
      for (int i = 0; i < HELD_OUT; i++) {
        mae += Math.abs(values[i] - heldOut.get(i).value()) / HELD_OUT;
        naiveMae += Math.abs(lastObserved - heldOut.get(i).value()) / HELD_OUT;
      }
      System.out.printf(
          "forecast vs the held-out hour of ec2_cpu_utilization_5f5533: MAE %.3f, naive MAE %.3f%n",
          mae, naiveMae);
      assertThat(mae).as("MAE against held-out points").isFinite().isLessThan(50);
    }
  }

  @Test
  void keepsTheLastSnapshotWhilePrometheusIsDownAndRecovers() throws Exception {
    try (var ctx = startForecaster("cpu_usage")) {
      JsonNode first = awaitSnapshot(ctx, Instant.EPOCH);
      Instant firstAt = Instant.parse(first.get("generatedAt").asString());
      prometheus.stop();
      try {
        String unreachable =
            "kedastral_errors_total{component=\"collect\",reason=\"unreachable\",workload=\"ec2-cpu\"}";
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(ctx, unreachable) >= 1);
        HttpResponse<String> kept = get(ctx, "/forecast/current?workload=ec2-cpu");
        assertThat(kept.statusCode()).isEqualTo(200);
        Instant keptAt = Instant.parse(json.readTree(kept.body()).get("generatedAt").asString());
        assertThat(keptAt).isAfterOrEqualTo(firstAt);
        String age = "kedastral_forecast_age_seconds{workload=\"ec2-cpu\"}";
        double age1 = metric(ctx, age);
        Thread.sleep(1500);
        assertThat(metric(ctx, age)).isGreaterThan(age1);
        // INTERVAL=2s: stale after 4s without a new snapshot
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    get(ctx, "/forecast/current?workload=ec2-cpu")
                        .headers()
                        .firstValue("X-Kedastral-Stale")
                        .orElse("")
                        .equals("true"));
        assertThat(get(ctx, "/healthz").statusCode()).isEqualTo(200);
        firstAt = keptAt;
      } finally {
        prometheus.restart();
      }
      awaitSnapshot(ctx, firstAt);
    }
  }

  @ParameterizedTest(name = "{0} counts {1}/{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sum(rate(cpu_usage[5m])|collect|bad_query", // PromQL syntax error
        "no_such_metric|collect|empty", // empty result
        "broken_gauge|forecast|empty_series", // every sample NaN
      })
  void aQueryWithoutUsableDataIsCountedAndNothingIsServed(
      String query, String component, String reason) throws Exception {
    try (var ctx = startForecaster(query)) {
      String errors =
          "kedastral_errors_total{component=\""
              + component
              + "\",reason=\""
              + reason
              + "\",workload=\"ec2-cpu\"}";
      await().atMost(Duration.ofSeconds(30)).until(() -> metric(ctx, errors) >= 1);
      assertThat(get(ctx, "/forecast/current?workload=ec2-cpu").statusCode()).isEqualTo(404);
      assertThat(get(ctx, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(ctx, "/readyz").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aWindowOverElevenThousandPointsIsFetchedInParts() throws Exception {
    // 8 days at 1-minute steps = 11,520 points: one query_range would be refused by Prometheus.
    try (var ctx = startForecaster("cpu_usage", "STEP", "1m", "WINDOW", "8d", "HORIZON", "30m")) {
      JsonNode s = awaitSnapshot(ctx, Instant.EPOCH);
      assertThat(s.get("values")).hasSize(30);
      assertThat(s.get("stepSeconds").asLong()).isEqualTo(60);
      String errors = get(ctx, "/metrics").body();
      assertThat(errors).doesNotContain("reason=\"bad_query\"");
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] d = new double[array.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = array.get(i).asDouble();
    }
    return d;
  }
}
