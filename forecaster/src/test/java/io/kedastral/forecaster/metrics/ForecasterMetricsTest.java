package io.kedastral.forecaster.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecasterMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void gaugesKeepReportingWhenNothingElseHoldsTheMetricsObject() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MutableClock clock = new MutableClock(T0);
    WeakReference<ForecasterMetrics> unreferenced = publishAndForget(registry, clock);
    // Micrometer holds a gauge's state object weakly unless told otherwise; a collected state
    // object turns every gauge into NaN. Force collections until the metrics object is gone.
    for (int i = 0; i < 50 && unreferenced.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(unreferenced.get()).as("metrics object collected").isNull();
    assertThat(registry.find(ForecasterMetrics.DESIRED_REPLICAS).gauge().value()).isEqualTo(4);
    assertThat(registry.find(ForecasterMetrics.PREDICTED_VALUE).gauge().value()).isEqualTo(120);
    assertThat(registry.find(ForecasterMetrics.FORECAST_AGE).gauge().value()).isZero();
  }

  @Test
  void reportsAutosChoiceAndEveryCandidatesScore() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ForecasterMetrics metrics =
        new ForecasterMetrics(registry, "w", "replay", "auto", new MutableClock(T0));
    Map<String, Double> scores = new java.util.LinkedHashMap<>();
    scores.put("baseline", 2.5);
    scores.put("naive", 1.5);
    scores.put("arima", Double.POSITIVE_INFINITY);

    metrics.selected(new AutoModel.Selection("naive", scores, 24, T0));
    metrics.selected(
        new AutoModel.Selection("baseline", Map.of("baseline", 1.0, "naive", 3.0), 24, T0));

    assertThat(selected(registry, "baseline")).isEqualTo(1);
    assertThat(selected(registry, "naive")).isZero();
    assertThat(selected(registry, "arima")).isZero();
    assertThat(
            registry
                .find(ForecasterMetrics.MODEL_SELECTION_SCORE)
                .tag("model", "naive")
                .gauge()
                .value())
        .isEqualTo(3.0);
    assertThat(
            registry
                .find(ForecasterMetrics.MODEL_SELECTION_SCORE)
                .tag("model", "arima")
                .gauge()
                .value())
        .isNaN();
  }

  private static double selected(SimpleMeterRegistry registry, String model) {
    return registry
        .find(ForecasterMetrics.MODEL_SELECTED)
        .tags("workload", "w", "model", model)
        .gauge()
        .value();
  }

  private static WeakReference<ForecasterMetrics> publishAndForget(
      SimpleMeterRegistry registry, MutableClock clock) {
    ForecasterMetrics metrics = new ForecasterMetrics(registry, "w", "replay", "baseline", clock);
    metrics.published(
        new Snapshot(
            "w", "m", T0, 60, 120, List.of(120.0, 130.0), List.of(4, 4), "baseline", Map.of()));
    return new WeakReference<>(metrics);
  }
}
