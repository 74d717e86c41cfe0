package io.kedastral.forecaster.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.forecaster.ForecasterApplication;
import io.kedastral.forecaster.loop.ForecastScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** On shutdown readiness fails first, the loop stops and in-flight requests still finish. */
class GracefulShutdownTest {
  static final CountDownLatch REQUEST_STARTED = new CountDownLatch(1);

  /** A slow route standing in for a request that is in flight when SIGTERM arrives. */
  @RestController
  static class SlowRoute {
    @GetMapping("/test/slow")
    String slow() throws InterruptedException {
      REQUEST_STARTED.countDown();
      Thread.sleep(1500);
      return "finished";
    }
  }

  @Test
  void readinessFailsFirstAndInFlightRequestsFinish() throws Exception {
    List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
    ApplicationListener<AvailabilityChangeEvent<ReadinessState>> listener =
        e -> readiness.add(e.getState());
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(ForecasterApplication.class, SlowRoute.class)
            .listeners(listener)
            .properties("SERVER_PORT=0", "WORKLOAD=w", "METRIC=m", "ADAPTER=replay", "INTERVAL=1h")
            .run();
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    ForecastScheduler scheduler = ctx.getBean(ForecastScheduler.class);
    CompletableFuture<HttpResponse<String>> inFlight =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/test/slow"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(REQUEST_STARTED.await(10, TimeUnit.SECONDS)).isTrue();

    ctx.close();

    HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("finished");
    assertThat(readiness)
        .containsSubsequence(ReadinessState.ACCEPTING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
    assertThat(scheduler.isRunning()).isFalse();
  }
}
