package io.kedastral.forecaster.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-client rate limit of the API on a real server, with two real clients bound to two
 * loopback addresses (127.0.0.1 and 127.0.0.2).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "WORKLOAD=demo",
      "METRIC=tweets_per_5m",
      "ADAPTER=replay",
      "STEP=5m",
      "HORIZON=1h",
      "INTERVAL=1h",
      "API_RATE_LIMIT_PER_CLIENT=3",
      "API_MAX_CONCURRENT_PER_CLIENT=16"
    })
class ClientLimitApiTest {
  @LocalServerPort int port;

  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient from(String address) throws Exception {
    return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build();
  }

  @Test
  void aClientOverItsRateGets429WithRetryAfterWhileASecondClientIsServed() throws Exception {
    HttpClient noisy = from("127.0.0.1");
    HttpClient other = from("127.0.0.2");
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(get(noisy, "/workloads"));
    }
    HttpResponse<String> refused =
        answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(refused.body());
    assertThat(problem.get("status").asInt()).isEqualTo(429);
    assertThat(problem.get("detail").asString())
        .contains("more than 3 per second (API_RATE_LIMIT_PER_CLIENT)");
    assertThat(problem.get("error").asString()).isEqualTo(problem.get("detail").asString());

    assertThat(get(other, "/workloads").statusCode())
        .as("a second client has its own budget")
        .isEqualTo(200);
    for (int i = 0; i < 20; i++) {
      for (String probe : List.of("/healthz", "/livez", "/readyz", "/metrics")) {
        assertThat(get(noisy, probe).statusCode())
            .as("probes and metrics are never limited: " + probe)
            .isNotEqualTo(429);
      }
    }
    assertThat(get(noisy, "/metrics").body())
        .containsPattern(
            "kedastral_errors_total\\{component=\"api\",reason=\"rate\",workload=\"demo\"} [1-9]");
  }
}
