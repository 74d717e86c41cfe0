package io.kedastral.scaler.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The open server streams: {@code StreamIsActive} pollers and {@code StreamMetricSpec} streams.
 *
 * <p>Each {@code StreamIsActive} stream polls its trigger on a shared scheduler every {@code
 * interval}: the first result is sent at once, later ones only when they differ from the last one
 * sent. A failed evaluation (forecaster down, stale snapshot) sends nothing and keeps the stream
 * open: KEDA keeps the last state it was told, so an outage can never push a workload to zero. The
 * poller stops when the client cancels. On shutdown every stream ends with {@code UNAVAILABLE}, so
 * KEDA reconnects (to another replica).
 */
final class ActiveStreams {
  private static final Logger log = LoggerFactory.getLogger(ActiveStreams.class);

  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final Function<TriggerMetadata, CompletableFuture<Boolean>> evaluate;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  ActiveStreams(
      ScheduledExecutorService scheduler,
      Duration interval,
      Function<TriggerMetadata, CompletableFuture<Boolean>> evaluate) {
    this.scheduler = scheduler;
    this.interval = interval;
    this.evaluate = evaluate;
  }

  /** Starts polling {@code trigger} for {@code observer}. */
  void pollIsActive(TriggerMetadata trigger, ServerCallStreamObserver<IsActiveResponse> observer) {
    Stream stream = new Stream(trigger, observer);
    open.add(stream);
    observer.setOnCancelHandler(stream::cancel);
    stream.started(
        scheduler.scheduleWithFixedDelay(
            stream::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Keeps {@code observer} open (nothing more to send) until the client cancels or shutdown. */
  void keepOpen(ServerCallStreamObserver<?> observer) {
    Stream stream = new Stream(null, observer);
    open.add(stream);
    observer.setOnCancelHandler(stream::cancel);
  }

  int size() {
    return open.size();
  }

  /** Ends every stream with {@code UNAVAILABLE} (the scaler is shutting down). */
  void closeAll() {
    for (Stream s : open) {
      s.end(Status.UNAVAILABLE.withDescription("the scaler is shutting down; reconnect"));
    }
  }

  private final class Stream {
    private final TriggerMetadata trigger;
    private final ServerCallStreamObserver<?> observer;
    private ScheduledFuture<?> task;
    private Boolean lastSent;
    private boolean pending;
    private boolean closed;

    Stream(TriggerMetadata trigger, ServerCallStreamObserver<?> observer) {
      this.trigger = trigger;
      this.observer = observer;
    }

    synchronized void started(ScheduledFuture<?> t) {
      task = t;
      if (closed) {
        t.cancel(false); // cancelled before the poller existed
      }
    }

    void poll() {
      synchronized (this) {
        if (closed || pending) {
          return;
        }
        pending = true;
      }
      CompletableFuture<Boolean> result;
      try {
        result = evaluate.apply(trigger);
      } catch (RuntimeException e) {
        result = CompletableFuture.failedFuture(e);
      }
      result.whenComplete(this::evaluated);
    }

    @SuppressWarnings("unchecked")
    private synchronized void evaluated(Boolean active, Throwable error) {
      pending = false;
      if (closed) {
        return;
      }
      if (error != null) {
        try (var ignored = MDC.putCloseable("workload", trigger.workload())) {
          log.debug("StreamIsActive: no state to send: {}", error.getMessage());
        }
        return;
      }
      if (!active.equals(lastSent)) {
        lastSent = active;
        ((ServerCallStreamObserver<IsActiveResponse>) observer)
            .onNext(IsActiveResponse.newBuilder().setResult(active).build());
      }
    }

    synchronized void cancel() {
      closed = true;
      stopPolling();
    }

    synchronized void end(Status status) {
      if (!closed) {
        closed = true;
        stopPolling();
        observer.onError(status.asRuntimeException());
      }
    }

    private void stopPolling() {
      open.remove(this);
      if (task != null) {
        task.cancel(false);
      }
    }
  }
}
