package io.kedastral.scaler.grpc;

import static io.kedastral.scaler.grpc.InProcessScaler.T0;
import static io.kedastral.scaler.grpc.InProcessScaler.ref;
import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricSpecResponse;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * StreamIsActive and StreamMetricSpec through the in-process server (see {@link InProcessScaler}).
 */
class ExternalScalerStreamsTest {
  private static final int[] PLAN = {2, 3, 7, 4, 5, 1};

  private InProcessScaler scaler;
  private ScriptedForecaster forecaster;
  private ExternalScalerService service;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    scaler = new InProcessScaler();
    forecaster = scaler.forecaster;
    service = scaler.service;
    channel = scaler.channel;
  }

  @AfterEach
  void stop() {
    scaler.close();
  }

  private void serve(int... plan) {
    forecaster.serve(snapshotJson("my-api", T0, 60, plan));
  }

  /** Collects what a stream delivers. */
  private static final class Recorder<T> implements ClientResponseObserver<ScaledObjectRef, T> {
    final List<T> received = new CopyOnWriteArrayList<>();
    volatile Throwable error;
    volatile boolean completed;
    volatile ClientCallStreamObserver<ScaledObjectRef> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<ScaledObjectRef> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(T value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  private static IsActiveResponse active(boolean b) {
    return IsActiveResponse.newBuilder().setResult(b).build();
  }

  @Test
  void streamIsActivePushesAtOnceAndOnEveryChangeButNothingOnFailure() {
    serve(PLAN);
    Recorder<IsActiveResponse> stream = new Recorder<>();
    ExternalScalerGrpc.newStub(channel).streamIsActive(ref("my-api"), stream);
    await().untilAsserted(() -> assertThat(stream.received).containsExactly(active(true)));

    // unchanged: polled again, nothing sent
    int polls = forecaster.requests().size();
    await().until(() -> forecaster.requests().size() >= polls + 3);
    assertThat(stream.received).containsExactly(active(true));

    // the forecaster fails: the stream stays open and says nothing (never false)
    forecaster.answer(503, "down");
    int failing = forecaster.requests().size();
    await().until(() -> forecaster.requests().size() >= failing + 3);
    assertThat(stream.received).containsExactly(active(true));
    assertThat(stream.error).isNull();

    // a real change of plan is pushed
    serve(0, 0, 0, 0, 0, 0);
    await()
        .untilAsserted(
            () -> assertThat(stream.received).containsExactly(active(true), active(false)));
    serve(PLAN);
    await()
        .untilAsserted(
            () ->
                assertThat(stream.received)
                    .containsExactly(active(true), active(false), active(true)));

    // the client cancels: the poller stops
    stream.call.cancel("done", null);
    await().until(() -> service.openStreams() == 0);
    int after = forecaster.requests().size();
    await()
        .pollDelay(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(forecaster.requests()).hasSize(after));
  }

  @Test
  void streamIsActiveRejectsInvalidMetadataAtOnce() {
    Recorder<IsActiveResponse> stream = new Recorder<>();
    ExternalScalerGrpc.newStub(channel).streamIsActive(ref("bad name"), stream);
    await().until(() -> stream.error != null);
    assertThat(Status.fromThrowable(stream.error).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(service.openStreams()).isZero();
  }

  @Test
  void streamMetricSpecSendsTheSpecOnceAndStaysOpenUntilShutdown() {
    Recorder<GetMetricSpecResponse> stream = new Recorder<>();
    ExternalScalerGrpc.newStub(channel).streamMetricSpec(ref("my-api"), stream);
    await().until(() -> stream.received.size() == 1);
    assertThat(stream.received.get(0).getMetricSpecs(0).getMetricName())
        .isEqualTo("kedastral-my-api-desired-replicas");
    assertThat(stream.completed).isFalse();
    assertThat(service.openStreams()).isEqualTo(1);

    service.closeStreams();
    await().until(() -> stream.error != null);
    assertThat(Status.fromThrowable(stream.error).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(service.openStreams()).isZero();
  }
}
