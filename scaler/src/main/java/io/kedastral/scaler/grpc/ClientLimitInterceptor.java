package io.kedastral.scaler.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.kedastral.boot.ClientLimiter;
import io.kedastral.boot.ClientLimiter.Rejection;
import io.kedastral.scaler.metrics.ScalerMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits what one peer (its IP address, not its port: a client with many connections is still one
 * client) may ask of the scaler, so a noisy pod cannot starve KEDA: at most {@code
 * GRPC_RATE_LIMIT_PER_CLIENT} calls per second and {@code GRPC_MAX_CONCURRENT_PER_CLIENT} unary
 * calls in flight. Streams ({@code StreamIsActive}, {@code StreamMetricSpec}) count against the
 * rate when opened but hold no concurrent slot: KEDA keeps one open per ScaledObject. A refused
 * call ends at once with {@code RESOURCE_EXHAUSTED} and is counted in {@code
 * kedastral_scaler_rejected_calls_total{reason}}.
 */
public final class ClientLimitInterceptor implements ServerInterceptor {
  private final ClientLimiter limiter;
  private final ScalerMetrics metrics;

  public ClientLimitInterceptor(ClientLimiter limiter, ScalerMetrics metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String peer = peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    boolean unary = call.getMethodDescriptor().getType() == MethodType.UNARY;
    Rejection rejection = limiter.tryAdmit(peer, unary);
    if (rejection != null) {
      metrics.rejectedCall(rejection.label());
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(describe(rejection, peer)), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!unary) {
      return next.startCall(call, headers);
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            limiter.release(peer);
          }
        };
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }

      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }
    };
  }

  private String describe(Rejection rejection, String peer) {
    return switch (rejection) {
      case RATE ->
          "too many calls from "
              + peer
              + ": more than "
              + limiter.ratePerSecond()
              + " per second (GRPC_RATE_LIMIT_PER_CLIENT); retry later";
      case CONCURRENCY ->
          "too many calls in flight from "
              + peer
              + ": more than "
              + limiter.maxConcurrent()
              + " (GRPC_MAX_CONCURRENT_PER_CLIENT); retry later";
    };
  }

  /** The peer's IP address; in-process and unknown transports share one key. */
  static String peer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return address == null ? "unknown" : address.getClass().getSimpleName();
  }
}
