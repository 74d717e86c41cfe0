package io.kedastral.scaler;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.ask.AskCommand;
import io.kedastral.scaler.testsupport.ScalerApp;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The assembled application over real loopback sockets: gRPC, health, reflection, metrics. */
class ScalerApplicationTest {
  private ScriptedForecaster forecaster;

  @BeforeEach
  void start() throws Exception {
    forecaster = new ScriptedForecaster();
    forecaster.serve(
        snapshotJson(
            "my-api", Instant.now().truncatedTo(ChronoUnit.SECONDS), 60, 2, 3, 7, 4, 5, 1));
  }

  @AfterEach
  void stop() {
    forecaster.close();
  }

  private ScalerApp app(String... extra) {
    List<String> props =
        new java.util.ArrayList<>(List.of("FORECASTER_URL=" + forecaster.baseUrl()));
    props.addAll(List.of(extra));
    return ScalerApp.start(props.toArray(String[]::new));
  }

  private static ScaledObjectRef ref(String name) {
    return ScaledObjectRef.newBuilder().setName(name).setNamespace("ns").build();
  }

  @Test
  void servesHealthReadinessAndTheContractMetricNames() throws Exception {
    try (ScalerApp app = app()) {
      assertThat(app.get("/healthz").body()).isEqualTo("OK");
      assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
      assertThat(app.get("/livez").statusCode()).isEqualTo(200);

      var stub = ExternalScalerGrpc.newBlockingStub(app.channel());
      long value =
          stub.getMetrics(
                  GetMetricsRequest.newBuilder()
                      .setScaledObjectRef(ref("my-api"))
                      .setMetricName("kedastral-my-api-desired-replicas")
                      .build())
              .getMetricValues(0)
              .getMetricValue();
      assertThat(value).isEqualTo(7);
      // the scripted forecaster answers my-api's snapshot for any name: not ghost's
      Status ghost =
          catchThrowableOfType(StatusRuntimeException.class, () -> stub.isActive(ref("ghost")))
              .getStatus();
      assertThat(ghost.getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      String metrics = app.get("/metrics").body();
      assertThat(metrics)
          .containsPattern(
              "(?m)^kedastral_scaler_grpc_requests_total\\{method=\"GetMetrics\",status=\"OK\"} 1\\.0$")
          .containsPattern(
              "(?m)^kedastral_scaler_grpc_requests_total\\{method=\"IsActive\",status=\"UNAVAILABLE\"} 1\\.0$")
          .containsPattern(
              "(?m)^kedastral_scaler_grpc_request_duration_seconds_count\\{method=\"GetMetrics\"} 1$")
          .containsPattern("(?m)^kedastral_scaler_forecast_fetch_duration_seconds_count 2$")
          .containsPattern(
              "(?m)^kedastral_scaler_forecast_fetch_errors_total\\{reason=\"malformed\",workload=\"ghost\"} 1\\.0$")
          .containsPattern(
              "(?m)^kedastral_scaler_desired_replicas_returned\\{workload=\"my-api\"} 7\\.0$")
          .containsPattern(
              "(?m)^kedastral_scaler_forecast_age_seen_seconds\\{workload=\"my-api\"} [0-9.]+$")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void logsEachDecisionAsJsonWithTheWorkload(CapturedOutput output) {
    try (ScalerApp app = app("LOG_FORMAT=json")) {
      var stub = ExternalScalerGrpc.newBlockingStub(app.channel());
      stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("my-api")).build());
    }
    assertThat(output.getOut())
        .containsPattern(
            "\\{.*\"message\":\"desired replicas 7 \\(was none\\): max of steps 0\\.\\.4 within lead"
                + " time 5m\".*\"workload\":\"my-api\".*}");
  }

  @Test
  void theAskCommandPrintsWhatKedaGetsErrorsIncluded() {
    try (ScalerApp app = app()) {
      String address = "--address=127.0.0.1:" + app.grpcPort();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int ok = AskCommand.run(new String[] {address, "--name=my-api"}, print(out));
      assertThat(ok).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains(
              "GetMetricSpec -> metricName=kedastral-my-api-desired-replicas targetSize=1"
                  + " targetSizeFloat=1.0",
              "GetMetrics    -> metricName=kedastral-my-api-desired-replicas metricValue=7"
                  + " metricValueFloat=7.0",
              "IsActive      -> true");

      forecaster.answer(404, "{}");
      out.reset();
      int failed =
          AskCommand.run(new String[] {address, "--name=x", "--workload=ghost"}, print(out));
      assertThat(failed).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains(
              "GetMetricSpec -> metricName=kedastral-ghost-desired-replicas",
              "GetMetrics    -> UNAVAILABLE: the forecaster has no snapshot for workload 'ghost'"
                  + " (404)",
              "IsActive      -> UNAVAILABLE");

      out.reset();
      for (String[] bad :
          List.of(
              new String[] {"--name=x"},
              new String[] {address, "--name=x", "--timeout-seconds=soon"},
              new String[] {"--address=localhost", "--name=x"},
              new String[] {address, "name=x"})) {
        out.reset();
        assertThat(AskCommand.run(bad, print(out))).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ask --address=");
      }
    }
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  @Test
  void servesTheStandardHealthServiceAndNoReflectionByDefault() {
    try (ScalerApp app = app()) {
      var health = HealthGrpc.newBlockingStub(app.channel());
      assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
      assertThat(
              health
                  .check(
                      HealthCheckRequest.newBuilder()
                          .setService("externalscaler.ExternalScaler")
                          .build())
                  .getStatus())
          .isEqualTo(ServingStatus.SERVING);
      Status reflection =
          catchThrowableOfType(StatusRuntimeException.class, () -> listServices(app)).getStatus();
      assertThat(reflection.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
  }

  @Test
  void servesReflectionWhenEnabled() throws Exception {
    try (ScalerApp app = app("GRPC_REFLECTION=true")) {
      assertThat(listServices(app))
          .contains("externalscaler.ExternalScaler", "grpc.health.v1.Health");
    }
  }

  @Test
  void reportsNotServingWhenShutdownBegins() {
    List<ServingStatus> seen = new CopyOnWriteArrayList<>();
    ScalerApp app = app();
    HealthGrpc.newStub(app.channel())
        .watch(
            HealthCheckRequest.getDefaultInstance(),
            new ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>() {
              private ClientCallStreamObserver<HealthCheckRequest> call;

              @Override
              public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> call) {
                this.call = call;
              }

              @Override
              public void onNext(HealthCheckResponse r) {
                seen.add(r.getStatus());
                if (r.getStatus() == ServingStatus.NOT_SERVING) {
                  call.cancel("seen", null); // as a client would: the server may now stop at once
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    await().until(() -> seen.contains(ServingStatus.SERVING));
    app.context().close();
    await().until(() -> seen.contains(ServingStatus.NOT_SERVING));
    assertThat(seen).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
    app.close();
  }

  @Test
  void letsAnInFlightCallFinishWhenShuttingDown() throws Exception {
    forecaster.delay(java.time.Duration.ofMillis(1500));
    ScalerApp app = app("FORECASTER_TIMEOUT=10s");
    var pending =
        ExternalScalerGrpc.newFutureStub(app.channel())
            .getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref("my-api")).build());
    await().until(() -> !forecaster.requests().isEmpty()); // the call is waiting on the fetch
    app.context().close();
    assertThat(pending.get(10, TimeUnit.SECONDS).getMetricValues(0).getMetricValue()).isEqualTo(7);
    app.close();
  }

  private static List<String> listServices(ScalerApp app) {
    List<String> names = new CopyOnWriteArrayList<>();
    var done = new java.util.concurrent.CompletableFuture<Void>();
    var requests =
        ServerReflectionGrpc.newStub(app.channel())
            .serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    r.getListServicesResponse().getServiceList().stream()
                        .map(ServiceResponse::getName)
                        .forEach(names::add);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return names;
  }
}
