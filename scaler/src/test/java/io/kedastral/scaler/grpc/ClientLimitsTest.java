package io.kedastral.scaler.grpc;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.testsupport.ScalerApp;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-client limits of the real scaler over real loopback gRPC connections from two peer
 * addresses (127.0.0.1 and 127.0.0.2): a peer over its limit gets {@code RESOURCE_EXHAUSTED} while
 * the other is served, and the refusals are counted by reason.
 */
class ClientLimitsTest {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private ScriptedForecaster forecaster;
  private ScalerApp app;

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (app != null) {
      app.close();
    }
    if (forecaster != null) {
      forecaster.close();
    }
  }

  private ExternalScalerBlockingStub from(String localAddress) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", app.grpcPort())
            .usePlaintext()
            .localSocketPicker(
                new NettyChannelBuilder.LocalSocketPicker() {
                  @Override
                  public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
                    return new InetSocketAddress(localAddress, 0);
                  }
                })
            .build();
    channels.add(channel);
    return ExternalScalerGrpc.newBlockingStub(channel);
  }

  private static ScaledObjectRef ref(String name) {
    return ScaledObjectRef.newBuilder().setName(name).setNamespace("ns").build();
  }

  private static Status status(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    return e == null ? Status.OK : e.getStatus();
  }

  @Test
  void aPeerOverItsCallRateIsRefusedWhileASecondPeerIsServed() throws Exception {
    forecaster = new ScriptedForecaster();
    app =
        ScalerApp.start(
            "FORECASTER_URL=" + forecaster.baseUrl(),
            "GRPC_RATE_LIMIT_PER_CLIENT=3",
            "GRPC_MAX_CONCURRENT_PER_CLIENT=64");
    ExternalScalerBlockingStub noisy = from("127.0.0.1");
    ExternalScalerBlockingStub keda = from("127.0.0.2");
    List<Status> noisyStatuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      noisyStatuses.add(status(() -> noisy.getMetricSpec(ref("my-api"))));
    }
    assertThat(noisyStatuses).extracting(Status::getCode).contains(Status.Code.RESOURCE_EXHAUSTED);
    Status refused =
        noisyStatuses.stream()
            .filter(s -> s.getCode() == Status.Code.RESOURCE_EXHAUSTED)
            .findFirst()
            .orElseThrow();
    assertThat(refused.getDescription())
        .contains("127.0.0.1", "more than 3 per second (GRPC_RATE_LIMIT_PER_CLIENT)");
    assertThat(status(() -> keda.getMetricSpec(ref("my-api"))).getCode()).isEqualTo(Status.Code.OK);
    String metrics = app.get("/metrics").body();
    assertThat(metrics)
        .containsPattern("kedastral_scaler_rejected_calls_total\\{reason=\"rate\"} [1-9]")
        .contains(
            "kedastral_scaler_grpc_requests_total{method=\"GetMetricSpec\",status=\"RESOURCE_EXHAUSTED\"}");
  }

  @Test
  void aPeerWithTooManyCallsInFlightIsRefusedWhileASecondPeerIsServed() throws Exception {
    forecaster = new ScriptedForecaster();
    forecaster.serve(snapshotJson("slow", Instant.now(), 60, 2, 3, 7, 4, 5, 1));
    forecaster.delay(Duration.ofSeconds(3));
    app =
        ScalerApp.start(
            "FORECASTER_URL=" + forecaster.baseUrl(),
            "FORECASTER_TIMEOUT=10s",
            "CACHE_TTL=0s",
            "GRPC_RATE_LIMIT_PER_CLIENT=0",
            "GRPC_MAX_CONCURRENT_PER_CLIENT=2");
    ExternalScalerBlockingStub noisy = from("127.0.0.1");
    ExternalScalerBlockingStub keda = from("127.0.0.2");
    GetMetricsRequest slow =
        GetMetricsRequest.newBuilder().setScaledObjectRef(ref("slow")).setMetricName("m").build();
    List<CompletableFuture<GetMetricsResponse>> inFlight = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(2); // the common pool may have 1
    for (int i = 0; i < 2; i++) {
      inFlight.add(CompletableFuture.supplyAsync(() -> noisy.getMetrics(slow), callers));
    }
    callers.shutdown();
    await().atMost(Duration.ofSeconds(2)).until(() -> !forecaster.requests().isEmpty());
    Status third =
        await()
            .atMost(Duration.ofSeconds(2))
            .until(
                () -> status(() -> noisy.getMetricSpec(ref("my-api"))),
                s -> s.getCode() == Status.Code.RESOURCE_EXHAUSTED);
    assertThat(third.getDescription()).contains("more than 2 (GRPC_MAX_CONCURRENT_PER_CLIENT)");
    assertThat(inFlight).noneMatch(CompletableFuture::isDone);
    assertThat(status(() -> keda.getMetricSpec(ref("my-api"))).getCode())
        .as("the second peer is served while the first holds all its slots")
        .isEqualTo(Status.Code.OK);
    for (CompletableFuture<GetMetricsResponse> f : inFlight) {
      assertThat(f.get().getMetricValues(0).getMetricValue()).isEqualTo(7);
    }
    assertThat(status(() -> noisy.getMetricSpec(ref("my-api"))).getCode())
        .as("slots are freed when the calls end")
        .isEqualTo(Status.Code.OK);
    assertThat(app.get("/metrics").body())
        .containsPattern("kedastral_scaler_rejected_calls_total\\{reason=\"concurrency\"} [1-9]");
  }
}
