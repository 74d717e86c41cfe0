package io.kedastral.scaler.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.kedastral.scaler.metrics.ScalerMetrics;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts every RPC by method and final status and times it ({@code
 * kedastral_scaler_grpc_requests_total}, {@code kedastral_scaler_grpc_request_duration_seconds}). A
 * stream the client cancels is recorded as {@code CANCELLED}.
 */
public final class MetricsInterceptor implements ServerInterceptor {
  private final ScalerMetrics metrics;

  public MetricsInterceptor(ScalerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    long start = System.nanoTime();
    AtomicBoolean recorded = new AtomicBoolean();
    Runnable onCancel =
        () -> {
          if (recorded.compareAndSet(false, true)) {
            metrics.grpcCall(method, Status.Code.CANCELLED, System.nanoTime() - start);
          }
        };
    ServerCall<Q, R> recording =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            if (recorded.compareAndSet(false, true)) {
              metrics.grpcCall(method, status.getCode(), System.nanoTime() - start);
            }
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(recording, headers)) {
      @Override
      public void onCancel() {
        onCancel.run();
        super.onCancel();
      }
    };
  }
}
