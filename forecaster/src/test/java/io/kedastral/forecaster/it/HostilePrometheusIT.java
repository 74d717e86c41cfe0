package io.kedastral.forecaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedastral.forecaster.ForecasterApplication;
import io.kedastral.forecaster.testsupport.HostilePrometheus;
import io.kedastral.forecaster.testsupport.HostilePrometheus.Mode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real forecaster against a Prometheus stand-in on a raw socket that turns hostile for a while:
 * each hostile answer fails the tick with a clear reason (counted in {@code kedastral_errors_total}
 * and logged), the last snapshot keeps being served, and the first good answer afterwards gives a
 * new snapshot. {@code PROM_TIMEOUT=1s} ends a slowloris that never stops sending.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostilePrometheusIT {
  private static HostilePrometheus prometheus;
  private static ConfigurableApplicationContext app;
  private static int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() throws Exception {
    prometheus = new HostilePrometheus();
    app =
        new SpringApplicationBuilder(ForecasterApplication.class)
            .properties(
                "SERVER_PORT=0",
                "WORKLOAD=w",
                "METRIC=m",
                "ADAPTER=prometheus",
                "PROM_URL=" + prometheus.baseUrl(),
                "PROM_QUERY=up",
                "PROM_TIMEOUT=1s",
                "STEP=1m",
                "HORIZON=5m",
                "WINDOW=1h",
                "INTERVAL=1s")
            .run();
    port = ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    app.close();
    prometheus.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Instant generatedAt() throws Exception {
    HttpResponse<String> r = get("/forecast/current?workload=w");
    return r.statusCode() == 200
        ? Instant.parse(json.readTree(r.body()).get("generatedAt").asString())
        : Instant.EPOCH;
  }

  private double collectErrors(String reason) throws Exception {
    Matcher m =
        Pattern.compile(
                "(?m)^kedastral_errors_total\\{component=\"collect\",reason=\""
                    + reason
                    + "\",workload=\"w\"} (\\S+)$")
            .matcher(get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "MALFORMED, malformed, unreadable answer from Prometheus",
    "HUGE, malformed, larger than",
    "DRIBBLE_BODY, timeout, did not send its whole answer within 1s",
    "DRIBBLE_HEADERS, timeout, did not answer within 1s"
  })
  void aHostileAnswerFailsTheTickKeepsTheSnapshotAndTheNextGoodTickPublishes(
      Mode mode, String reason, String logged, CapturedOutput output) throws Exception {
    prometheus.mode(Mode.GOOD);
    await().atMost(Duration.ofSeconds(30)).until(() -> generatedAt().isAfter(Instant.EPOCH));
    Instant before = generatedAt();
    double errorsBefore = collectErrors(reason);

    prometheus.mode(mode);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.served(mode) > 0 && collectErrors(reason) > errorsBefore);
    assertThat(get("/forecast/current?workload=w").statusCode())
        .as("the last snapshot is still served")
        .isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(output.getOut() + output.getErr()).contains(logged);

    prometheus.mode(Mode.GOOD);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> generatedAt().isAfter(before) && prometheus.served(Mode.GOOD) > 0);
  }

  @Test
  void infAndNaNValuesAreDroppedAndNeverReachTheSnapshot() throws Exception {
    prometheus.mode(Mode.GOOD);
    await().atMost(Duration.ofSeconds(30)).until(() -> generatedAt().isAfter(Instant.EPOCH));
    Instant before = generatedAt();
    prometheus.mode(Mode.ALL_INF);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.served(Mode.ALL_INF) > 1 && generatedAt().isAfter(before));
    String body = get("/forecast/current?workload=w").body();
    assertThat(body).doesNotContain("NaN", "Infinity", "Inf");
    json.readTree(body).get("values").forEach(v -> assertThat(v.isNumber()).isTrue());
    prometheus.mode(Mode.GOOD);
  }
}
