package io.kedastral.scaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kedastral.core.snapshot.LeadWindow;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.ask.AskCommand;
import io.kedastral.scaler.forecast.ForecastClient;
import io.kedastral.scaler.testsupport.ForecasterProcess;
import io.kedastral.scaler.testsupport.ScalerApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end over real loopback sockets: the real forecaster jar (replay source) as a separate
 * process and the real scaler, asked the way KEDA asks (GetMetricSpec once, then GetMetrics and
 * IsActive every polling interval). The forecaster is killed to prove the last good value is served
 * until {@code STALE_AFTER} and then {@code UNAVAILABLE}, never {@code IsActive=false}, and
 * restarted on the same port (with a different plan) to prove the scaler follows it again.
 *
 * <p>The forecaster runs with {@code INTERVAL=1h}, so its one snapshot is fixed while the test
 * compares values, and the snapshot's age (hence staleness) is known exactly from its {@code
 * generatedAt}.
 */
class ScalerForecasterIT {
  private static final String WORKLOAD = "e2e";
  private static final Duration LEAD = Duration.ofMinutes(10);
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);
  private static final Duration CACHE_TTL = Duration.ofSeconds(2);
  private static final JsonMapper JSON = ForecastClient.snapshotReader();
  private static final Map<String, String> FORECASTER_ENV = ForecasterProcess.replayEnv(WORKLOAD);

  private ForecasterProcess forecaster;
  private ScalerApp scaler;
  private ExternalScalerBlockingStub stub;
  private String metricName;
  private final ScaledObjectRef ref =
      ScaledObjectRef.newBuilder()
          .setName("checkout")
          .setNamespace("shop")
          .putScalerMetadata("workload", WORKLOAD)
          .build();

  @BeforeEach
  void start() throws Exception {
    forecaster = ForecasterProcess.onFreePort(Path.of("target", "it-logs"));
    scaler =
        ScalerApp.start(
            "FORECASTER_URL=" + forecaster.baseUrl(),
            "FORECASTER_TIMEOUT=1s",
            "LEAD_TIME=" + LEAD.toMinutes() + "m",
            "STALE_AFTER=" + STALE_AFTER.toSeconds() + "s",
            "CACHE_TTL=" + CACHE_TTL.toSeconds() + "s",
            "STREAM_INTERVAL=500ms");
    stub = ExternalScalerGrpc.newBlockingStub(scaler.channel());
  }

  @AfterEach
  void stop() throws Exception {
    scaler.close();
    forecaster.close();
  }

  /** One KEDA polling interval: GetMetrics, then IsActive. */
  private record Poll(Long value, Status metricsError, Boolean active, Status activeError) {}

  private Poll poll() {
    Long value = null;
    Status metricsError = null;
    Boolean active = null;
    Status activeError = null;
    try {
      GetMetricsResponse r =
          stub.withDeadlineAfter(5, TimeUnit.SECONDS)
              .getMetrics(
                  GetMetricsRequest.newBuilder()
                      .setScaledObjectRef(ref)
                      .setMetricName(metricName)
                      .build());
      value = r.getMetricValues(0).getMetricValue();
      assertThat(r.getMetricValues(0).getMetricValueFloat()).isEqualTo((double) value);
      assertThat(r.getMetricValues(0).getMetricName()).isEqualTo(metricName);
    } catch (StatusRuntimeException e) {
      metricsError = e.getStatus();
    }
    try {
      active = stub.withDeadlineAfter(5, TimeUnit.SECONDS).isActive(ref).getResult();
    } catch (StatusRuntimeException e) {
      activeError = e.getStatus();
    }
    return new Poll(value, metricsError, active, activeError);
  }

  private Snapshot snapshot() throws Exception {
    return JSON.readValue(
        forecaster.get("/forecast/current?workload=" + WORKLOAD).body(), Snapshot.class);
  }

  private static int leadWindowMax(Snapshot s) {
    return LeadWindow.of(s, Instant.now(), LEAD).orElseThrow().maxReplicas();
  }

  @Test
  void followsTheForecasterLikeKedaThroughAnOutageAndARestart() throws Exception {
    List<IsActiveResponse> pushed = new CopyOnWriteArrayList<>();
    metricName = stub.getMetricSpec(ref).getMetricSpecs(0).getMetricName(); // once, at reconcile
    assertThat(metricName).isEqualTo("kedastral-e2e-desired-replicas");

    forecaster.start(FORECASTER_ENV, WORKLOAD);
    Snapshot first = snapshot();
    int expected = leadWindowMax(first);
    assertThat(expected).isPositive();

    Poll healthy = poll();
    assertThat(healthy).isEqualTo(new Poll((long) expected, null, true, null));
    assertThat(ask()).contains("metricValue=" + expected, "IsActive      -> true");

    fiftyConcurrentCallsCauseOneForecasterRequest(expected);

    ExternalScalerGrpc.newStub(scaler.channel()).streamIsActive(ref, recorder(pushed));
    await().untilAsserted(() -> assertThat(pushed).containsExactly(active(true)));

    lastGoodValueUntilStaleThenUnavailableNeverInactive(first, expected, pushed);

    // restart on the same port with a plan of zero replicas: the scaler follows it again
    Map<String, String> zero = new java.util.HashMap<>(FORECASTER_ENV);
    zero.putAll(Map.of("MIN_REPLICAS", "0", "MAX_REPLICAS", "0", "REACTIVE_FLOOR", "false"));
    forecaster.start(zero, WORKLOAD);
    assertThat(leadWindowMax(snapshot())).isZero();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(poll()).isEqualTo(new Poll(0L, null, false, null)));
    // the stream pushes the change (and never pushed false during the outage)
    await().untilAsserted(() -> assertThat(pushed).containsExactly(active(true), active(false)));
  }

  private void fiftyConcurrentCallsCauseOneForecasterRequest(int expected) throws Exception {
    // let the cached entry expire, then 50 concurrent calls within one CACHE_TTL
    await().pollDelay(CACHE_TTL.plusMillis(500)).until(() -> true);
    long before = forecaster.forecastRequests();
    var async = ExternalScalerGrpc.newFutureStub(scaler.channel());
    GetMetricsRequest request =
        GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(metricName).build();
    var calls = IntStream.range(0, 50).mapToObj(i -> async.getMetrics(request)).toList();
    List<Long> values = new ArrayList<>();
    for (var call : calls) {
      values.add(call.get(10, TimeUnit.SECONDS).getMetricValues(0).getMetricValue());
    }
    assertThat(values).hasSize(50).containsOnly((long) expected);
    await().atMost(Duration.ofSeconds(5)).until(() -> forecaster.forecastRequests() >= before + 1);
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> forecaster.forecastRequests() == before + 1);
  }

  private void lastGoodValueUntilStaleThenUnavailableNeverInactive(
      Snapshot first, int expected, List<IsActiveResponse> pushed) throws Exception {
    forecaster.kill();
    Instant staleAt = first.generatedAt().plus(STALE_AFTER);
    // once the cached answer has expired the fetch fails, and the last good value is served
    await().pollDelay(CACHE_TTL.plusMillis(500)).until(() -> true);
    assertThat(Instant.now()).as("still within STALE_AFTER").isBefore(staleAt);
    assertThat(poll()).isEqualTo(new Poll((long) expected, null, true, null));
    assertThat(scaler.get("/metrics").body())
        .containsPattern(
            "kedastral_scaler_forecast_fetch_errors_total\\{reason=\"unreachable\",workload=\"e2e\"} [1-9]");

    List<Poll> polls = new CopyOnWriteArrayList<>();
    await()
        .atMost(STALE_AFTER.plusSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Poll p = poll();
              polls.add(p);
              return p.metricsError() != null;
            });
    assertThat(Instant.now()).as("unavailable only after STALE_AFTER").isAfter(staleAt);
    Poll last = polls.get(polls.size() - 1);
    assertThat(last.metricsError().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(last.metricsError().getDescription()).contains("e2e", "STALE_AFTER (30s)");
    assertThat(last.activeError().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(polls).allSatisfy(p -> assertThat(p.active()).isNotEqualTo(Boolean.FALSE));
    assertThat(polls.subList(0, polls.size() - 1))
        .allSatisfy(p -> assertThat(p.value()).isEqualTo((long) expected));
    assertThat(pushed).containsExactly(active(true));
  }

  private String ask() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        AskCommand.run(
            new String[] {
              "--address=127.0.0.1:" + scaler.grpcPort(), "--name=checkout", "--workload=e2e"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    return text;
  }

  private static IsActiveResponse active(boolean b) {
    return IsActiveResponse.newBuilder().setResult(b).build();
  }

  private static StreamObserver<IsActiveResponse> recorder(List<IsActiveResponse> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(IsActiveResponse r) {
        into.add(r);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
