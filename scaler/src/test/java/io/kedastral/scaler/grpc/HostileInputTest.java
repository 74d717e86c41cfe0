package io.kedastral.scaler.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.testsupport.ScalerApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input against the real scaler over real gRPC: snapshots from a stand-in forecaster that
 * are huge, deeply nested, non-finite, wrongly typed or oversized arrays, and ScaledObject metadata
 * that is huge or carries hostile workload names. Each gets {@code UNAVAILABLE}, {@code
 * INVALID_ARGUMENT} or {@code RESOURCE_EXHAUSTED} with a clear description, and a good workload is
 * served right after each. The stand-in answers per workload and records every query string.
 */
class HostileInputTest {
  private static final Map<String, String> BODIES = new ConcurrentHashMap<>();
  private static final List<String> QUERIES = new CopyOnWriteArrayList<>();
  private static HttpServer forecaster;
  private static ScalerApp app;
  private static ExternalScalerBlockingStub stub;

  @BeforeAll
  static void start() throws IOException {
    forecaster = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    forecaster.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    forecaster.createContext("/forecast/current", HostileInputTest::answer);
    forecaster.start();
    URI url = URI.create("http://127.0.0.1:" + forecaster.getAddress().getPort());
    app = ScalerApp.start("FORECASTER_URL=" + url, "CACHE_TTL=0s");
    stub = ExternalScalerGrpc.newBlockingStub(app.channel());
    BODIES.put("good", snapshot("good", 1, "[7.5]", "[7]"));
  }

  @AfterAll
  static void stop() {
    app.close();
    forecaster.stop(0);
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      QUERIES.add(query);
      String workload = query != null && query.startsWith("workload=") ? query.substring(9) : "";
      String body = BODIES.get(workload);
      byte[] bytes =
          (body == null ? "{\"error\":\"none\"}" : body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String snapshot(String workload, long steps, String values, String replicas) {
    return "{\"workload\":\""
        + workload
        + "\",\"metric\":\"m\",\"generatedAt\":\""
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\",\"stepSeconds\":60,\"horizonSeconds\":"
        + 60 * steps
        + ",\"values\":"
        + values
        + ",\"desiredReplicas\":"
        + replicas
        + ",\"model\":\"x\",\"quantiles\":{}}";
  }

  private static String repeat(String item, int n) {
    return IntStream.range(0, n).mapToObj(i -> item).collect(Collectors.joining(",", "[", "]"));
  }

  private static ScaledObjectRef ref(String name, Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder()
        .setName(name)
        .setNamespace("ns")
        .putAllScalerMetadata(metadata)
        .build();
  }

  private static long value(ExternalScalerBlockingStub s, ScaledObjectRef ref) {
    return s.getMetrics(
            GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName("m").build())
        .getMetricValues(0)
        .getMetricValue();
  }

  private static Status failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call must fail").isNotNull();
    return e.getStatus();
  }

  private static void assertGoodIsServed() {
    assertThat(value(stub, ref("good", Map.of()))).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "over-the-1mib-cap|larger than 1048576 bytes",
        "nested-10000-brackets|invalid snapshot from the forecaster",
        "nan-token|invalid snapshot from the forecaster",
        "infinity-token|invalid snapshot from the forecaster",
        "wrong-types|invalid snapshot from the forecaster",
        "array-of-300000-for-one-step|invalid snapshot from the forecaster",
        "too-many-steps|invalid snapshot from the forecaster",
      })
  void aHostileSnapshotIsUnavailableWithAClearDescriptionAndOthersAreServed(
      String workload, String description) {
    BODIES.put(
        workload,
        switch (workload) {
          case "over-the-1mib-cap" ->
              snapshot(workload, 600_000, repeat("1.0", 600_000), repeat("1", 600_000));
          case "nested-10000-brackets" -> "[".repeat(10_000);
          case "nan-token" -> snapshot(workload, 1, "[NaN]", "[1]");
          case "infinity-token" -> snapshot(workload, 1, "[Infinity]", "[1]");
          case "wrong-types" ->
              snapshot(workload, 1, "[\"1\"]", "[{\"a\":1}]").replace("60,", "\"sixty\",");
          case "array-of-300000-for-one-step" -> snapshot(workload, 1, "[1]", repeat("1", 300_000));
          case "too-many-steps" -> snapshot(workload, 2_000_000_000L, "[1]", "[1]");
          default -> throw new IllegalArgumentException(workload);
        });
    for (Runnable call :
        List.<Runnable>of(
            () -> value(stub, ref(workload, Map.of())),
            () -> stub.isActive(ref(workload, Map.of())))) {
      Status s = failure(call);
      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(s.getDescription()).contains(description).hasSizeLessThan(1_000);
      assertGoodIsServed();
    }
  }

  @Test
  void aValidSnapshotWithAHundredThousandStepsUnderTheCapIsServed() {
    BODIES.put("long", snapshot("long", 100_000, repeat("1.5", 100_000), repeat("3", 100_000)));
    assertThat(value(stub, ref("long", Map.of()))).isEqualTo(3);
    assertGoodIsServed();
  }

  @Test
  void aThousandUnknownMetadataKeysAreIgnored() {
    Map<String, String> meta =
        IntStream.range(0, 1_000)
            .boxed()
            .collect(Collectors.toMap(i -> "key" + i, i -> "value" + i));
    assertThat(value(stub, ref("good", meta))).isEqualTo(7);
  }

  @Test
  void metadataOverTheMessageLimitIsResourceExhaustedAndTheServerKeepsServing() {
    Map<String, String> tenThousandKeys =
        IntStream.range(0, 10_000)
            .boxed()
            .collect(Collectors.toMap(i -> "key" + i, i -> "value" + i));
    Status manyKeys = failure(() -> value(stub, ref("good", tenThousandKeys)));
    assertThat(manyKeys.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(manyKeys.getDescription()).contains("exceeds maximum size 65536");
    assertGoodIsServed();

    Status hugeValue =
        failure(() -> value(stub, ref("good", Map.of("workload", "a".repeat(100_000)))));
    assertThat(hugeValue.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertGoodIsServed();
  }

  @Test
  void requestHeadersOverTheMetadataLimitAreRefusedAndTheServerKeepsServing() {
    Metadata headers = new Metadata();
    for (int i = 0; i < 2_000; i++) {
      headers.put(Metadata.Key.of("x-h" + i, Metadata.ASCII_STRING_MARSHALLER), "v" + i);
    }
    ExternalScalerBlockingStub noisy =
        stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    Status s = failure(() -> value(noisy, ref("good", Map.of())));
    // Netty refuses the HTTP/2 header block itself; grpc-java reports it as it can
    assertThat(s.getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INTERNAL);
    assertGoodIsServed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "../etc/passwd",
        "a%2Fb",
        "a&b=c",
        "a\nforged",
        "a\u0000b",
        "a.b",
        "\u202Egood",
      })
  void aHostileWorkloadNameIsInvalidArgumentWithABoundedDescriptionAndFetchesNothing(String name) {
    int before = QUERIES.size();
    for (Runnable call :
        List.<Runnable>of(
            () -> value(stub, ref(name, Map.of())),
            () -> value(stub, ref("good", Map.of("workload", name))))) {
      Status s = failure(call);
      assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(s.getDescription()).startsWith("invalid workload").doesNotContain("\n", "\u0000");
    }
    assertThat(QUERIES).hasSize(before);
    assertGoodIsServed();
  }

  @Test
  void aTenThousandCharacterNameIsRefusedWithATruncatedDescription() {
    Status s = failure(() -> value(stub, ref("good", Map.of("workload", "a".repeat(10_000)))));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("a".repeat(80) + "...").hasSizeLessThan(400);
  }

  @Test
  void theForecasterReceivesExactlyOneWorkloadParameter() {
    BODIES.put("My_api-2", snapshot("My_api-2", 1, "[4.5]", "[4]"));
    int before = QUERIES.size();
    assertThat(value(stub, ref("so", Map.of("workload", "My_api-2")))).isEqualTo(4);
    assertThat(QUERIES.subList(before, QUERIES.size())).containsExactly("workload=My_api-2");
  }
}
