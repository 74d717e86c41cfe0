package io.kedastral.scaler.metrics;

import io.grpc.Status;
import io.kedastral.core.snapshot.Snapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The scaler's meters (SPEC §3.4). Micrometer dot names that the Prometheus registry renders as the
 * exact names of the contract ({@code kedastral.scaler.grpc.requests} → {@code
 * kedastral_scaler_grpc_requests_total}, timers → {@code _seconds} histograms). Per-workload gauges
 * read the latest state at scrape time (the age keeps growing) and are removed when the snapshot
 * cache forgets the workload, so the label set stays bounded.
 */
public final class ScalerMetrics {
  public static final String GRPC_REQUESTS = "kedastral.scaler.grpc.requests";
  public static final String GRPC_DURATION = "kedastral.scaler.grpc.request.duration";
  public static final String FETCH_DURATION = "kedastral.scaler.forecast.fetch.duration";
  public static final String FETCH_ERRORS = "kedastral.scaler.forecast.fetch.errors";
  public static final String REPLICAS_RETURNED = "kedastral.scaler.desired.replicas.returned";
  public static final String AGE_SEEN = "kedastral.scaler.forecast.age.seen.seconds";
  public static final String REPLICAS_CAPPED = "kedastral.scaler.replicas.capped";
  public static final String REJECTED_CALLS = "kedastral.scaler.rejected.calls";

  public static final String TAG_METHOD = "method";
  public static final String TAG_STATUS = "status";
  public static final String TAG_WORKLOAD = "workload";
  public static final String TAG_REASON = "reason";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer fetch;
  private final Map<String, WorkloadGauges> workloads = new ConcurrentHashMap<>();

  public ScalerMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.fetch =
        Timer.builder(FETCH_DURATION)
            .description("Time to fetch one snapshot from the forecaster (success or failure)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** Records one finished RPC; {@code method} is the bare gRPC method name. */
  public void grpcCall(String method, Status.Code status, long nanos) {
    Counter.builder(GRPC_REQUESTS)
        .description("gRPC calls by method and final status")
        .tag(TAG_METHOD, method)
        .tag(TAG_STATUS, status.name())
        .register(registry)
        .increment();
    Timer.builder(GRPC_DURATION)
        .description("gRPC call duration by method (streams: their lifetime)")
        .tag(TAG_METHOD, method)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A gRPC call was refused by the per-client limits; {@code reason} is rate or concurrency. */
  public void rejectedCall(String reason) {
    Counter.builder(REJECTED_CALLS)
        .description("gRPC calls refused with RESOURCE_EXHAUSTED by the per-client limits")
        .tag(TAG_REASON, reason)
        .register(registry)
        .increment();
  }

  public void fetchDuration(long nanos) {
    fetch.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void fetchError(String workload, String reason) {
    Counter.builder(FETCH_ERRORS)
        .description("Failed or untrusted snapshot fetches by workload and reason")
        .tag(TAG_WORKLOAD, workload)
        .tag(TAG_REASON, reason)
        .register(registry)
        .increment();
  }

  /** A planned replica count above {@code REPLICAS_CAP} was clamped to it. */
  public void replicasCapped(String workload) {
    Counter.builder(REPLICAS_CAPPED)
        .description("Replica counts above REPLICAS_CAP clamped to it before answering KEDA")
        .tag(TAG_WORKLOAD, workload)
        .register(registry)
        .increment();
  }

  /** A snapshot was fetched and trusted; the age gauge follows it from now on. */
  public void seen(Snapshot snapshot) {
    gauges(snapshot.workload()).seen = snapshot;
  }

  /**
   * {@code replicas} was returned to KEDA for {@code workload}.
   *
   * @return the value returned before, or -1 for the first time
   */
  public int returned(String workload, int replicas) {
    WorkloadGauges g = gauges(workload);
    synchronized (g) {
      int previous = g.returned;
      g.returned = replicas;
      return previous;
    }
  }

  /** Removes the per-workload meters (the cache no longer holds the workload). */
  public void forget(String workload) {
    WorkloadGauges g = workloads.remove(workload);
    if (g != null) {
      g.meters.forEach(registry::remove);
      registry.find(FETCH_ERRORS).tag(TAG_WORKLOAD, workload).counters().forEach(registry::remove);
      registry
          .find(REPLICAS_CAPPED)
          .tag(TAG_WORKLOAD, workload)
          .counters()
          .forEach(registry::remove);
    }
  }

  private WorkloadGauges gauges(String workload) {
    return workloads.computeIfAbsent(workload, this::register);
  }

  private WorkloadGauges register(String workload) {
    WorkloadGauges g = new WorkloadGauges(clock);
    Meter returned =
        Gauge.builder(REPLICAS_RETURNED, g, s -> s.returned < 0 ? Double.NaN : s.returned)
            .description("Replicas last returned to KEDA by GetMetrics")
            .tag(TAG_WORKLOAD, workload)
            .strongReference(true)
            .register(registry);
    Meter age =
        Gauge.builder(AGE_SEEN, g, WorkloadGauges::ageSeconds)
            .description("Age of the newest snapshot the scaler holds (grows between fetches)")
            .tag(TAG_WORKLOAD, workload)
            .strongReference(true)
            .register(registry);
    g.meters = List.of(returned, age);
    return g;
  }

  /** The state the gauges of one workload read; held strongly by them, not by a lambda. */
  private static final class WorkloadGauges {
    private final Clock clock;
    volatile int returned = -1;
    volatile Snapshot seen;
    List<Meter> meters = List.of();

    WorkloadGauges(Clock clock) {
      this.clock = clock;
    }

    double ageSeconds() {
      Snapshot s = seen;
      return s == null ? Double.NaN : s.age(clock.instant()).toMillis() / 1000.0;
    }
  }
}
