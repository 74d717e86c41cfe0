package io.kedastral.scaler.grpc;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kedastral.core.testing.MutableClock;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricSpecResponse;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.MetricSpec;
import io.kedastral.proto.externalscaler.MetricValue;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.metrics.ScalerMetrics;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every RPC and its edge cases through an in-process gRPC server, with the real service, cache and
 * HTTP client against a scripted forecaster on a loopback socket, and a hand-moved clock.
 */
class ExternalScalerServiceTest {
  private static final Instant T0 = InProcessScaler.T0;
  private static final Duration STALE = InProcessScaler.STALE;

  /** Six 1-minute steps planned for 10:01 .. 10:06. */
  private static final int[] PLAN = {2, 3, 7, 4, 5, 1};

  private InProcessScaler scaler;
  private MutableClock clock;
  private SimpleMeterRegistry registry;
  private ScriptedForecaster forecaster;
  private ExternalScalerBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    scaler = new InProcessScaler();
    clock = scaler.clock;
    registry = scaler.registry;
    forecaster = scaler.forecaster;
    stub = ExternalScalerGrpc.newBlockingStub(scaler.channel);
  }

  @AfterEach
  void stop() {
    scaler.close();
  }

  private static ScaledObjectRef ref(String name, String... metadata) {
    return InProcessScaler.ref(name, metadata);
  }

  private MetricValue getMetrics(ScaledObjectRef ref, String metricName) {
    GetMetricsResponse r =
        stub.getMetrics(
            GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref)
                .setMetricName(metricName)
                .build());
    assertThat(r.getMetricValuesList()).hasSize(1);
    return r.getMetricValues(0);
  }

  private long value(ScaledObjectRef ref) {
    MetricValue v = getMetrics(ref, "m");
    assertThat(v.getMetricValueFloat()).isEqualTo((double) v.getMetricValue());
    return v.getMetricValue();
  }

  private Status failure(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus();
  }

  private void serve(int... plan) {
    forecaster.serve(snapshotJson("my-api", T0, 60, plan));
  }

  @Test
  void getMetricSpecDefaultsTheMetricNameAndTargetsOneInBothFields() {
    GetMetricSpecResponse r = stub.getMetricSpec(ref("my-api"));
    assertThat(r.getMetricSpecsList())
        .containsExactly(
            MetricSpec.newBuilder()
                .setMetricName("kedastral-my-api-desired-replicas")
                .setTargetSize(1)
                .setTargetSizeFloat(1.0)
                .build());
    assertThat(forecaster.requests()).isEmpty();
  }

  @Test
  void getMetricSpecTakesTheMetricNameAndWorkloadFromMetadata() {
    assertThat(stub.getMetricSpec(ref("so", "metricName", "custom")).getMetricSpecs(0))
        .extracting(MetricSpec::getMetricName)
        .isEqualTo("custom");
    assertThat(stub.getMetricSpec(ref("so", "workload", "checkout")).getMetricSpecs(0))
        .extracting(MetricSpec::getMetricName)
        .isEqualTo("kedastral-checkout-desired-replicas");
  }

  @Test
  void returnsMaxReplicasWithinLeadWindowInBothFields() {
    serve(PLAN);
    MetricValue v = getMetrics(ref("my-api"), "s0-kedastral-my-api-desired-replicas");
    // 10:01..10:05 are within (10:00, 10:05]: max(2, 3, 7, 4, 5)
    assertThat(v)
        .isEqualTo(
            MetricValue.newBuilder()
                .setMetricName("s0-kedastral-my-api-desired-replicas")
                .setMetricValue(7)
                .setMetricValueFloat(7.0)
                .build());
    assertThat(forecaster.requests())
        .extracting(Object::toString)
        .containsExactly("/forecast/current?workload=my-api");
  }

  @Test
  void answersWithTheDefaultMetricNameWhenTheRequestHasNone() {
    serve(PLAN);
    assertThat(getMetrics(ref("my-api"), "").getMetricName())
        .isEqualTo("kedastral-my-api-desired-replicas");
  }

  @Test
  void defaultsTheWorkloadToTheScaledObjectNameAndHonoursTheWorkloadKey() {
    forecaster.serve(snapshotJson("checkout", T0, 60, PLAN));
    assertThat(value(ref("so-name", "workload", "checkout"))).isEqualTo(7);
    assertThat(forecaster.requests())
        .extracting(Object::toString)
        .containsExactly("/forecast/current?workload=checkout");
  }

  @ParameterizedTest(name = "age {0}s, leadTime {1} -> {2}")
  @CsvSource({
    // the per-object leadTime replaces LEAD_TIME (5m): 10:01 only
    "0, 1m, 2",
    "0, 2m, 3",
    // elapsed steps are skipped: at 10:03:01 the window starts at 10:04
    "181, 1m, 4",
    "181, 2m, 5",
    // a lead longer than the horizon uses what is there: 10:04..10:06
    "181, 1h, 5",
    // Go-style and ISO durations both parse
    "0, PT2M, 3",
  })
  void skipsElapsedStepsAndHonoursThePerObjectLeadTime(
      long ageSeconds, String leadTime, long expected) {
    serve(PLAN);
    clock.set(T0.plusSeconds(ageSeconds));
    assertThat(value(ref("my-api", "leadTime", leadTime))).isEqualTo(expected);
  }

  @Test
  void usesTheConfiguredLeadTimeWithoutMetadata() {
    serve(PLAN);
    clock.set(T0.plusSeconds(150)); // 10:02:30 -> 10:03..10:07 cut at 10:06
    assertThat(value(ref("my-api"))).isEqualTo(7);
    clock.set(T0.plusSeconds(180)); // 10:03 -> 10:04..10:06
    assertThat(value(ref("my-api"))).isEqualTo(5);
  }

  @Test
  void isUnavailableWhenEveryStepHasPassed() {
    serve(PLAN);
    clock.set(T0.plusSeconds(360)); // not stale yet (10m) but beyond the 6-minute horizon
    Status s = failure(() -> value(ref("my-api")));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription()).contains("my-api", "lies in the past");
  }

  @Test
  void staleSnapshotIsUnavailableForGetMetricsAndIsActive() {
    forecaster.serve(snapshotJson("my-api", T0, 60, new int[20]));
    clock.set(T0.plus(STALE).plusSeconds(1));
    for (Runnable call :
        List.<Runnable>of(() -> value(ref("my-api")), () -> stub.isActive(ref("my-api")))) {
      Status s = failure(call);
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(s.getDescription()).contains("my-api", "601s ago", "STALE_AFTER (600s)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "404|not found|no snapshot for workload 'my-api' (404)",
        "500|boom|answered HTTP 500",
        "200|{\"workload\":|invalid snapshot",
        "200|^{\"workload\":\"my-api\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":0,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[1]}^|stepSeconds must be > 0",
        "200|^{\"workload\":\"my-api\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[],\"desiredReplicas\":[]}^|invalid snapshot",
        "200|^{\"workload\":\"my-api\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[NaN],\"desiredReplicas\":[1]}^|invalid snapshot",
        "200|^{\"workload\":\"my-api\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\",\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":[-3]}^|invalid snapshot",
      })
  void forecasterFailuresAreUnavailableWithADescriptionNeverAValueOrFalse(
      int status, String body, String description) {
    forecaster.answer(status, body);
    for (Runnable call :
        List.<Runnable>of(() -> value(ref("my-api")), () -> stub.isActive(ref("my-api")))) {
      Status s = failure(call);
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(s.getDescription()).contains(description).contains("my-api");
    }
  }

  /** A one-step snapshot of my-api whose desiredReplicas entry is written as {@code replicas}. */
  private static String oneStep(String replicas) {
    return "{\"workload\":\"my-api\",\"metric\":\"m\",\"generatedAt\":\"2026-11-22T10:00:00Z\","
        + "\"stepSeconds\":60,\"horizonSeconds\":60,\"values\":[1],\"desiredReplicas\":["
        + replicas
        + "]}";
  }

  private double capped() {
    var counter = registry.find(ScalerMetrics.REPLICAS_CAPPED).tag("workload", "my-api").counter();
    return counter == null ? 0 : counter.count();
  }

  @ParameterizedTest(name = "{0} -> REPLICAS_CAP")
  @CsvSource({"1000000000000", "1e12", "1E+300", "2147483648", "501"})
  void clampsAPlanAboveReplicasCapToItAndCountsEveryClamp(String replicas) {
    forecaster.serve(oneStep(replicas));
    assertThat(value(ref("my-api"))).isEqualTo(InProcessScaler.REPLICAS_CAP);
    assertThat(capped()).isEqualTo(1);
    assertThat(value(ref("my-api"))).isEqualTo(InProcessScaler.REPLICAS_CAP);
    assertThat(capped()).isEqualTo(2);
    assertThat(
            registry.get(ScalerMetrics.REPLICAS_RETURNED).tag("workload", "my-api").gauge().value())
        .isEqualTo(InProcessScaler.REPLICAS_CAP);
    assertThat(stub.isActive(ref("my-api")).getResult()).isTrue();
  }

  @Test
  void returnsAPlanAtTheCapUnchangedAndCountsNothing() {
    forecaster.serve(oneStep("500"));
    assertThat(value(ref("my-api"))).isEqualTo(500);
    forecaster.serve(oneStep("5e2"));
    assertThat(value(ref("my-api"))).isEqualTo(500);
    assertThat(capped()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-1|desiredReplicas must be >= 0",
        "-1e12|desiredReplicas must be >= 0",
        "NaN|invalid snapshot",
        "Infinity|invalid snapshot",
        "-Infinity|invalid snapshot",
        "1e400000000000|invalid snapshot",
        "2.5|whole number",
        "\"7\"|invalid snapshot",
      })
  void rejectsNegativeNonFiniteAndFractionalReplicaCountsAsUnavailable(
      String replicas, String description) {
    forecaster.serve(oneStep(replicas));
    Status s = failure(() -> value(ref("my-api")));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription()).contains(description);
    assertThat(capped()).isZero();
  }

  @Test
  void aSlowForecasterIsUnavailableAfterTheTimeout() {
    serve(PLAN);
    forecaster.delay(Duration.ofSeconds(2));
    Status s = failure(() -> value(ref("my-api")));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription()).contains("no answer from the forecaster within");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my api|invalid workload 'my api'",
        "a&workload=b|invalid workload 'a&workload=b'",
        "-x|invalid workload '-x'",
      })
  void invalidWorkloadNamesAreInvalidArgumentAndFetchNothing(String name, String description) {
    for (Runnable call :
        List.<Runnable>of(
            () -> value(ref(name)),
            () -> stub.isActive(ref(name)),
            () -> stub.getMetricSpec(ref(name)),
            () -> value(ref("ok", "workload", name)))) {
      Status s = failure(call);
      assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(s.getDescription()).contains(description);
    }
    assertThat(forecaster.requests()).isEmpty();
  }

  @Test
  void invalidLeadTimeIsInvalidArgument() {
    Status s = failure(() -> value(ref("my-api", "leadTime", "5 minutes")));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("leadTime='5 minutes'");
    assertThat(forecaster.requests()).isEmpty();
  }

  @Test
  void isActiveFollowsThePlanInTheLeadWindow() {
    serve(PLAN);
    assertThat(stub.isActive(ref("my-api")).getResult()).isTrue();
    serve(0, 0, 0, 0, 0, 0);
    assertThat(stub.isActive(ref("my-api")).getResult()).isFalse();
    // 0 now, 1 after the lead window: still inactive; inside it: active
    serve(0, 0, 0, 0, 0, 1);
    assertThat(stub.isActive(ref("my-api")).getResult()).isFalse();
    assertThat(stub.isActive(ref("my-api", "leadTime", "6m")).getResult()).isTrue();
  }

  @Test
  void countsCallsByMethodAndStatusAndRecordsWhatWasReturned() {
    serve(PLAN);
    value(ref("my-api"));
    failure(() -> value(ref("bad name")));
    assertThat(
            registry
                .get(ScalerMetrics.GRPC_REQUESTS)
                .tags("method", "GetMetrics", "status", "OK")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(ScalerMetrics.GRPC_REQUESTS)
                .tags("method", "GetMetrics", "status", "INVALID_ARGUMENT")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get(ScalerMetrics.GRPC_DURATION).tag("method", "GetMetrics").timer().count())
        .isEqualTo(2);
    assertThat(
            registry.get(ScalerMetrics.REPLICAS_RETURNED).tag("workload", "my-api").gauge().value())
        .isEqualTo(7);
    clock.advance(Duration.ofSeconds(42));
    assertThat(registry.get(ScalerMetrics.AGE_SEEN).tag("workload", "my-api").gauge().value())
        .isEqualTo(42);
    assertThat(registry.get(ScalerMetrics.FETCH_DURATION).timer().count()).isEqualTo(1);
  }
}
