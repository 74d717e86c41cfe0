package io.kedastral.scaler.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kedastral.core.series.Durations;
import io.kedastral.core.snapshot.LeadWindow;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricSpecResponse;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import io.kedastral.proto.externalscaler.MetricSpec;
import io.kedastral.proto.externalscaler.MetricValue;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.forecast.SnapshotCache;
import io.kedastral.scaler.forecast.SnapshotUnavailableException;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.grpc.TriggerMetadata.InvalidTriggerException;
import io.kedastral.scaler.metrics.ScalerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * KEDA's {@code externalscaler.ExternalScaler} (SPEC §3.2, §3.3), answering from the forecaster's
 * snapshots through the {@link SnapshotCache}.
 *
 * <ul>
 *   <li>{@code GetMetricSpec}: one spec, target 1 (int and float), no forecaster call.
 *   <li>{@code GetMetrics}: the {@link LeadWindow} maximum of the planned replicas, in both value
 *       fields, clamped to {@code REPLICAS_CAP} (WARN log and the {@code replicas.capped} counter)
 *       so that an absurd plan can never ask KEDA for more.
 *   <li>{@code IsActive}: that maximum is at least 1.
 *   <li>{@code StreamIsActive}: pushes the state at once and on every change ({@link
 *       ActiveStreams}).
 *   <li>{@code StreamMetricSpec}: sends the spec once and keeps the stream open.
 * </ul>
 *
 * No snapshot, a stale one, or an unreachable forecaster is {@code UNAVAILABLE} with a description,
 * never a made-up number and never {@code IsActive=false}. Invalid metadata is {@code
 * INVALID_ARGUMENT} and fetches nothing. Handlers never block: they complete when the fetch does.
 */
public final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {
  private static final Logger log = LoggerFactory.getLogger(ExternalScalerService.class);

  private final SnapshotCache cache;
  private final Clock clock;
  private final Duration defaultLeadTime;
  private final ScalerMetrics metrics;
  private final ActiveStreams streams;
  private final int replicasCap;

  public ExternalScalerService(
      SnapshotCache cache,
      Clock clock,
      Duration defaultLeadTime,
      Duration streamInterval,
      ScheduledExecutorService scheduler,
      ScalerMetrics metrics,
      int replicasCap) {
    if (replicasCap < 1) {
      throw new IllegalArgumentException("replicasCap must be >= 1, was " + replicasCap);
    }
    this.replicasCap = replicasCap;
    this.cache = cache;
    this.clock = clock;
    this.defaultLeadTime = defaultLeadTime;
    this.metrics = metrics;
    this.streams =
        new ActiveStreams(
            scheduler, streamInterval, t -> window(t).thenApply(w -> w.maxReplicas() >= 1));
  }

  @Override
  public void getMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> out) {
    withTrigger(
        ref,
        out,
        t -> {
          out.onNext(spec(t));
          out.onCompleted();
        });
  }

  @Override
  public void streamMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> out) {
    withTrigger(
        ref,
        out,
        t -> {
          var call = (ServerCallStreamObserver<GetMetricSpecResponse>) out;
          streams.keepOpen(call);
          out.onNext(spec(t));
        });
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
    withTrigger(
        request.getScaledObjectRef(),
        out,
        t -> {
          String name =
              request.getMetricName().isBlank() ? t.metricName() : request.getMetricName();
          window(t)
              .whenComplete(
                  (w, error) -> {
                    if (error != null) {
                      fail(t, out, error);
                      return;
                    }
                    int replicas = capped(t, w);
                    returned(t, w, replicas);
                    out.onNext(
                        GetMetricsResponse.newBuilder()
                            .addMetricValues(
                                MetricValue.newBuilder()
                                    .setMetricName(name)
                                    .setMetricValue(replicas)
                                    .setMetricValueFloat(replicas))
                            .build());
                    out.onCompleted();
                  });
        });
  }

  @Override
  public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> out) {
    withTrigger(
        ref,
        out,
        t ->
            window(t)
                .whenComplete(
                    (w, error) -> {
                      if (error != null) {
                        fail(t, out, error);
                        return;
                      }
                      out.onNext(
                          IsActiveResponse.newBuilder().setResult(w.maxReplicas() >= 1).build());
                      out.onCompleted();
                    }));
  }

  @Override
  public void streamIsActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> out) {
    withTrigger(
        ref, out, t -> streams.pollIsActive(t, (ServerCallStreamObserver<IsActiveResponse>) out));
  }

  /** Ends every open stream (the server is shutting down). */
  public void closeStreams() {
    streams.closeAll();
  }

  /** The number of open server streams. */
  public int openStreams() {
    return streams.size();
  }

  private CompletableFuture<LeadWindow> window(TriggerMetadata t) {
    return cache
        .snapshot(t.workload())
        .thenApply(
            s ->
                LeadWindow.of(s, clock.instant(), t.leadTime())
                    .orElseThrow(
                        () ->
                            new SnapshotUnavailableException(
                                Reason.EXPIRED,
                                "every step of the snapshot of workload '"
                                    + t.workload()
                                    + "' (generated at "
                                    + s.generatedAt()
                                    + ") lies in the past")));
  }

  private static GetMetricSpecResponse spec(TriggerMetadata t) {
    return GetMetricSpecResponse.newBuilder()
        .addMetricSpecs(
            MetricSpec.newBuilder()
                .setMetricName(t.metricName())
                .setTargetSize(1)
                .setTargetSizeFloat(1.0))
        .build();
  }

  /** The window's maximum, or {@code REPLICAS_CAP} when it is larger. */
  private int capped(TriggerMetadata t, LeadWindow w) {
    if (w.maxReplicas() <= replicasCap) {
      return w.maxReplicas();
    }
    metrics.replicasCapped(t.workload());
    try (var ignored = MDC.putCloseable("workload", t.workload())) {
      log.warn(
          "the snapshot plans {} replicas within steps {}..{}; returning REPLICAS_CAP={} instead",
          w.maxReplicas() == Integer.MAX_VALUE ? Integer.MAX_VALUE + " or more" : w.maxReplicas(),
          w.first(),
          w.last(),
          replicasCap);
    }
    return replicasCap;
  }

  private void returned(TriggerMetadata t, LeadWindow w, int replicas) {
    int previous = metrics.returned(t.workload(), replicas);
    try (var ignored = MDC.putCloseable("workload", t.workload())) {
      if (previous != replicas) {
        log.info(
            "desired replicas {} (was {}): max of steps {}..{} within lead time {}",
            replicas,
            previous < 0 ? "none" : previous,
            w.first(),
            w.last(),
            Durations.format(t.leadTime()));
      } else {
        log.debug("desired replicas {} (steps {}..{})", replicas, w.first(), w.last());
      }
    }
  }

  private <T> void withTrigger(
      ScaledObjectRef ref, StreamObserver<T> out, Consumer<TriggerMetadata> handler) {
    TriggerMetadata trigger;
    try {
      trigger = TriggerMetadata.from(ref, defaultLeadTime);
    } catch (InvalidTriggerException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    handler.accept(trigger);
  }

  private static void fail(TriggerMetadata t, StreamObserver<?> out, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof SnapshotUnavailableException u) {
      out.onError(Status.UNAVAILABLE.withDescription(u.getMessage()).asRuntimeException());
      return;
    }
    try (var ignored = MDC.putCloseable("workload", t.workload())) {
      log.error("unexpected failure answering KEDA", cause);
    }
    out.onError(Status.INTERNAL.withDescription("internal error: " + cause).asRuntimeException());
  }
}
