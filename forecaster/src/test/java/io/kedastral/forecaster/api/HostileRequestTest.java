package io.kedastral.forecaster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile requests against the real forecaster (Tomcat on loopback, JSON logs): each is refused
 * with a 4xx, the refusal never echoes or logs the raw input, the Actuator exposes nothing but
 * health and metrics, and a normal request is served right after. Complements {@link
 * ForecastApiTest} (missing name, {@code ..%2Fetc}, {@code %0A}, 20 KB query, 10,000-character
 * name, methods other than GET/HEAD).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "WORKLOAD=demo",
      "METRIC=tweets_per_5m",
      "ADAPTER=replay",
      "STEP=5m",
      "HORIZON=1h",
      "INTERVAL=1h",
      "LOG_FORMAT=json"
    })
class HostileRequestTest {
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertStillServing() throws Exception {
    HttpResponse<String> ok =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get("/forecast/current?workload=demo"), r -> r.statusCode() == 200);
    assertThat(json.readTree(ok.body()).get("workload").asString()).isEqualTo("demo");
  }

  @ParameterizedTest(name = "workload={0}")
  @ValueSource(
      strings = {
        "../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "demo%2Fx",
        "demo%26admin%3D1",
        "demo&workload=other",
        "demo%0D%0Aforged-line",
        "demo%00",
        "%C3%A4",
        "demo.svc",
        "demo%20",
        "%E2%80%AEdemo"
      })
  void aHostileWorkloadNameGets400ProblemDetailAndIsNeitherEchoedNorLogged(
      String name, CapturedOutput output) throws Exception {
    HttpResponse<String> r = get("/forecast/current?workload=" + name);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(r.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asString()).startsWith("invalid workload name");
    assertThat(r.body()).doesNotContain("passwd", "forged-line", "admin", "other");
    assertThat(output.getOut()).doesNotContain("forged-line", "passwd");
    assertStillServing();
  }

  @Test
  void aWorkloadNameWithABrokenPercentEscapeIs400() throws Exception {
    // no URI class builds this request: written on a raw socket
    assertThat(rawStatus("GET /forecast/current?workload=demo%ZZ HTTP/1.1\r\nHost: x\r\n"))
        .isEqualTo("HTTP/1.1 400");
    assertStillServing();
  }

  /** Sends {@code head} (request line and headers) on a raw socket; returns the status line. */
  private String rawStatus(String head) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aHeaderOverTheSixteenKilobyteLimitIsRefusedAndServiceContinues() throws Exception {
    HttpResponse<String> r =
        get("/forecast/current?workload=demo", "X-Padding", "a".repeat(20_000));
    assertThat(r.statusCode()).isIn(400, 431);
    assertStillServing();
  }

  @Test
  void thousandsOfSmallHeadersOverTheLimitAreRefusedAndServiceContinues() throws Exception {
    StringBuilder head =
        new StringBuilder("GET /forecast/current?workload=demo HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 2_000; i++) {
      head.append("X-H").append(i).append(": v\r\n");
    }
    assertThat(rawStatus(head.toString())).matches("HTTP/1\\.1 4(00|31)");
    assertStillServing();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kedastral.core.testing.ActuatorPaths#hidden")
  void exposesNoActuatorEndpointButHealthAndMetrics(String path) throws Exception {
    assertThat(get(path).statusCode()).as(path).isEqualTo(404);
  }

  @Test
  void shutdownByPostIsRefusedAndTheServiceKeepsRunning() throws Exception {
    for (String path : new String[] {"/actuator/shutdown", "/shutdown"}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isIn(404, 405);
    }
    assertStillServing();
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }
}
