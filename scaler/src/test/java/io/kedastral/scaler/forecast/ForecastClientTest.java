package io.kedastral.scaler.forecast;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP client against a scripted forecaster on a real loopback socket. */
class ForecastClientTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final JsonMapper JSON = ForecastClient.snapshotReader();

  private ScriptedForecaster forecaster;

  @BeforeEach
  void start() throws Exception {
    forecaster = new ScriptedForecaster("/kedastral");
  }

  @AfterEach
  void stop() {
    forecaster.close();
  }

  private ForecastClient client(URI base, Duration timeout, int maxBody) {
    return new ForecastClient(
        HttpClient.newBuilder().connectTimeout(timeout).build(), base, timeout, JSON, maxBody);
  }

  private ForecastClient client() {
    return client(forecaster.baseUrl(), Duration.ofSeconds(2), ForecastClient.MAX_BODY_BYTES);
  }

  private static SnapshotUnavailableException failure(ForecastClient client, String workload) {
    Throwable t = catchThrowable(() -> client.fetch(workload).join());
    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(SnapshotUnavailableException.class);
    return (SnapshotUnavailableException) t.getCause();
  }

  @Test
  void parsesTheSnapshotKeepingThePathPrefixAndIgnoringUnknownKeys() {
    forecaster.serve(snapshotJson("my-api", T0, 60, 3, 5));
    Snapshot s = client().fetch("my-api").join();
    assertThat(s)
        .isEqualTo(
            new Snapshot(
                "my-api",
                "http_rps",
                T0,
                60,
                120,
                List.of(30.5, 50.5),
                List.of(3, 5),
                "baseline(daily)",
                java.util.Map.of()));
    assertThat(forecaster.requests())
        .containsExactly(URI.create("/kedastral/forecast/current?workload=my-api"));
  }

  @Test
  void urlEncodesTheWorkload() {
    ForecastClient client = client(URI.create("http://h:1/p/"), Duration.ofSeconds(1), 10);
    assertThat(client.uriFor("a b&workload=c/d"))
        .hasToString("http://h:1/p/forecast/current?workload=a+b%26workload%3Dc%2Fd");
    assertThat(client.uriFor("my_api-2"))
        .hasToString("http://h:1/p/forecast/current?workload=my_api-2");
  }

  @Test
  void fillsTheWorkloadIntoAUrlTemplateAndRefusesNamesNoServiceCanHave() throws Exception {
    forecaster.serve(snapshotJson("my-api", T0, 60, 3, 5));
    ForecastClient templated =
        new ForecastClient(
            HttpClient.newBuilder().build(),
            forecaster.baseUrl() + "/{workload}",
            Duration.ofSeconds(2),
            JSON,
            ForecastClient.MAX_BODY_BYTES);
    assertThat(templated.uriFor("my-api").getPath())
        .isEqualTo("/kedastral/my-api/forecast/current");
    ForecastClient hosts =
        new ForecastClient(
            HttpClient.newBuilder().build(),
            "http://kedastral-forecaster-{workload}.kedastral.svc:8081",
            Duration.ofSeconds(2),
            JSON,
            ForecastClient.MAX_BODY_BYTES);
    assertThat(hosts.uriFor("backend"))
        .hasToString(
            "http://kedastral-forecaster-backend.kedastral.svc:8081/forecast/current?workload=backend");
    SnapshotUnavailableException e = failure(hosts, "My_Api");
    assertThat(e.reason()).isEqualTo(SnapshotUnavailableException.Reason.UNREACHABLE);
    assertThat(e).hasMessageContaining("workload 'My_Api' cannot fill FORECASTER_URL");
    assertThat(failure(hosts, "a".repeat(64))).hasMessageContaining("at most 63");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "404|NOT_FOUND|no snapshot for workload 'w' (404)",
        "500|BAD_STATUS|answered HTTP 500",
        "503|BAD_STATUS|answered HTTP 503",
      })
  void turnsErrorStatusesIntoReasons(int status, Reason reason, String message) {
    forecaster.answer(status, "{\"error\":\"x\"}");
    SnapshotUnavailableException e = failure(client(), "w");
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "not json|{\"workload\":",
        "NaN value|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[NaN],\"desiredReplicas\":[1]}^",
        "stepSeconds 0|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":0,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1]}^",
        "empty arrays|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[],\"desiredReplicas\":[]}^",
        "negative replicas|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[-1]}^",
        "missing key|^{\"workload\":\"w\",\"metric\":\"m\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1]}^",
        "wrong workload|^{\"workload\":\"other\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1]}^",
        "fractional replicas|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1.5]}^",
        "null step|^{\"workload\":\"w\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":null,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1]}^",
        "null body|null",
        "array|[]",
      })
  void rejectsInvalidSnapshotsAsMalformed(String what, String body) {
    forecaster.serve(body);
    SnapshotUnavailableException e = failure(client(), "w");
    assertThat(e.reason()).as(what).isEqualTo(Reason.MALFORMED);
    assertThat(e).hasMessageContaining("'w'");
  }

  @Test
  void rejectsABodyLargerThanTheLimit() {
    forecaster.serve(snapshotJson("w", T0, 60, new int[500]));
    SnapshotUnavailableException e =
        failure(client(forecaster.baseUrl(), Duration.ofSeconds(2), 1000), "w");
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e).hasMessageContaining("larger than 1000 bytes");
  }

  @Test
  void givesUpOnASlowForecaster() {
    forecaster.serve(snapshotJson("w", T0, 60, 1));
    forecaster.delay(Duration.ofSeconds(3));
    SnapshotUnavailableException e =
        failure(
            client(forecaster.baseUrl(), Duration.ofMillis(300), ForecastClient.MAX_BODY_BYTES),
            "w");
    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(e).hasMessageContaining("no answer from the forecaster within PT0.3S");
  }

  @Test
  void reportsAnUnreachableForecaster() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SnapshotUnavailableException e =
        failure(
            client(
                URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2),
                ForecastClient.MAX_BODY_BYTES),
            "w");
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e).hasMessageContaining("forecaster unreachable").hasMessageContaining("'w'");
  }
}
