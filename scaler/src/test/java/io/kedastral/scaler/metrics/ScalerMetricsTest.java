package io.kedastral.scaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalerMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(T0);

  private static Snapshot snapshot(String workload) {
    return new Snapshot(workload, "m", T0, 60, 60, List.of(1.0), List.of(3), "", Map.of());
  }

  @Test
  void gaugesKeepReportingWhenNothingElseHoldsTheMetricsObject() throws InterruptedException {
    WeakReference<ScalerMetrics> unreferenced = recordAndForget();
    // Micrometer holds a gauge's state weakly unless told otherwise; collected state reads NaN.
    for (int i = 0; i < 50 && unreferenced.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(unreferenced.get()).as("metrics object collected").isNull();
    clock.advance(Duration.ofSeconds(30));
    assertThat(registry.get(ScalerMetrics.REPLICAS_RETURNED).tag("workload", "w").gauge().value())
        .isEqualTo(5);
    assertThat(registry.get(ScalerMetrics.AGE_SEEN).tag("workload", "w").gauge().value())
        .isEqualTo(30);
  }

  private WeakReference<ScalerMetrics> recordAndForget() {
    ScalerMetrics metrics = new ScalerMetrics(registry, clock);
    metrics.seen(snapshot("w"));
    metrics.returned("w", 5);
    return new WeakReference<>(metrics);
  }

  @Test
  void returnedReportsThePreviousValue() {
    ScalerMetrics metrics = new ScalerMetrics(registry, clock);
    assertThat(metrics.returned("w", 4)).isEqualTo(-1);
    assertThat(metrics.returned("w", 6)).isEqualTo(4);
  }

  @Test
  void forgetRemovesEveryPerWorkloadMeter() {
    ScalerMetrics metrics = new ScalerMetrics(registry, clock);
    metrics.seen(snapshot("w"));
    metrics.returned("w", 4);
    metrics.fetchError("w", "timeout");
    metrics.returned("other", 1);
    metrics.grpcCall("GetMetrics", Status.Code.OK, 1_000);
    metrics.forget("w");
    assertThat(registry.find(ScalerMetrics.REPLICAS_RETURNED).tag("workload", "w").gauge())
        .isNull();
    assertThat(registry.find(ScalerMetrics.AGE_SEEN).tag("workload", "w").gauge()).isNull();
    assertThat(registry.find(ScalerMetrics.FETCH_ERRORS).tag("workload", "w").counter()).isNull();
    assertThat(registry.find(ScalerMetrics.REPLICAS_RETURNED).tag("workload", "other").gauge())
        .isNotNull();
    assertThat(registry.find(ScalerMetrics.GRPC_REQUESTS).counter().count()).isEqualTo(1);
  }
}
