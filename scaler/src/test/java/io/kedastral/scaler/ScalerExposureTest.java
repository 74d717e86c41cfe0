package io.kedastral.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.scaler.testsupport.ScalerApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scaler's HTTP port exposes health and metrics only: every other Actuator endpoint is 404,
 * writes are refused, and the service keeps running.
 */
class ScalerExposureTest {
  private static ScalerApp app;

  @BeforeAll
  static void start() {
    app = ScalerApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.kedastral.core.testing.ActuatorPaths#hidden")
  void exposesNoActuatorEndpointButHealthAndMetrics(String path) throws Exception {
    assertThat(app.get(path).statusCode()).as(path).isEqualTo(404);
  }

  @Test
  void refusesWritesAndKeepsRunning() throws Exception {
    for (String path : new String[] {"/actuator/shutdown", "/shutdown", "/metrics", "/readyz"}) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("POST " + path).isIn(404, 405);
    }
    assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
    assertThat(app.get("/metrics").statusCode()).isEqualTo(200);
    assertThat(app.context().isRunning()).isTrue();
  }
}
