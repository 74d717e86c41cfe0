package io.kedastral.forecaster.metrics;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.snapshot.Snapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The forecaster's meters (SPEC §1.5). Names are Micrometer dot names that the Prometheus registry
 * renders as the exact names of the contract ({@code kedastral.errors} → {@code
 * kedastral_errors_total}, timers → {@code _seconds} histograms). Gauges read the latest snapshot
 * at scrape time, so the forecast age keeps growing between snapshots.
 */
public final class ForecasterMetrics {
  public static final String PREDICTED_VALUE = "kedastral.predicted.value";
  public static final String DESIRED_REPLICAS = "kedastral.desired.replicas";
  public static final String FORECAST_AGE = "kedastral.forecast.age.seconds";
  public static final String COLLECT = "kedastral.adapter.collect";
  public static final String PREDICT = "kedastral.model.predict";
  public static final String CAPACITY = "kedastral.capacity.compute";
  public static final String ERRORS = "kedastral.errors";
  public static final String LEADER = "kedastral.leader";
  public static final String MODEL_SELECTED = "kedastral.model.selected";
  public static final String MODEL_SELECTION_SCORE = "kedastral.model.selection.score";

  public static final String TAG_WORKLOAD = "workload";
  public static final String TAG_ADAPTER = "adapter";
  public static final String TAG_MODEL = "model";
  public static final String TAG_COMPONENT = "component";
  public static final String TAG_REASON = "reason";

  private final MeterRegistry registry;
  private final String workload;
  // Held strongly by the gauges: Micrometer keeps a gauge's state weakly by default, and a
  // collected state turns the gauges into NaN.
  private final AtomicReference<Snapshot> latest = new AtomicReference<>();
  private final AtomicReference<AutoModel.Selection> selection = new AtomicReference<>();
  private final Timer collect;
  private final Timer predict;
  private final Timer capacity;

  /**
   * Registers the meters of one workload.
   *
   * @param adapter the metric source's name, for the collect histogram
   * @param modelFamily the configured model ({@code baseline}, ...), for the predict histogram
   */
  public ForecasterMetrics(
      MeterRegistry registry, String workload, String adapter, String modelFamily, Clock clock) {
    this.registry = registry;
    this.workload = workload;
    Gauge.builder(PREDICTED_VALUE, latest, r -> firstValue(r.get()))
        .description("Forecast value for the next step of the latest snapshot")
        .tag(TAG_WORKLOAD, workload)
        .strongReference(true)
        .register(registry);
    Gauge.builder(DESIRED_REPLICAS, latest, r -> firstReplicas(r.get()))
        .description("Planned replicas for the next step of the latest snapshot")
        .tag(TAG_WORKLOAD, workload)
        .strongReference(true)
        .register(registry);
    Gauge.builder(FORECAST_AGE, latest, r -> age(r.get(), clock))
        .description("Seconds since the latest snapshot was generated (grows between snapshots)")
        .tag(TAG_WORKLOAD, workload)
        .strongReference(true)
        .register(registry);
    this.collect =
        histogram(COLLECT, "Time to collect history from the metric source")
            .tag(TAG_ADAPTER, adapter)
            .register(registry);
    this.predict =
        histogram(PREDICT, "Time to fit the model and forecast")
            .tag(TAG_MODEL, modelFamily)
            .register(registry);
    this.capacity = histogram(CAPACITY, "Time to turn a forecast into replicas").register(registry);
    // Pre-register the common error series so dashboards and alerts see zeros, not gaps.
    errorCounter("collect", "unreachable");
    errorCounter("forecast", "empty_series");
  }

  private Timer.Builder histogram(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tag(TAG_WORKLOAD, workload)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60));
  }

  /**
   * Remembers {@code MODEL=auto}'s latest choice: {@code kedastral_model_selected{model}} is 1 for
   * the chosen candidate and 0 for the others, {@code kedastral_model_selection_score{model}} each
   * candidate's loss (mean pinball-0.9 of its calibrated bound, in the metric's unit; NaN when it
   * failed or no comparison was possible).
   */
  public void selected(AutoModel.Selection s) {
    selection.set(s);
    for (String candidate :
        s.scores().isEmpty() ? java.util.Set.of(s.chosen()) : s.scores().keySet()) {
      Gauge.builder(MODEL_SELECTED, selection, r -> candidate.equals(r.get().chosen()) ? 1 : 0)
          .description("1 for the model MODEL=auto chose, 0 for the other candidates")
          .tag(TAG_WORKLOAD, workload)
          .tag(TAG_MODEL, candidate)
          .strongReference(true)
          .register(registry);
      Gauge.builder(MODEL_SELECTION_SCORE, selection, r -> score(r.get(), candidate))
          .description(
              "Loss of each MODEL=auto candidate in the latest selection (lower is better)")
          .tag(TAG_WORKLOAD, workload)
          .tag(TAG_MODEL, candidate)
          .strongReference(true)
          .register(registry);
    }
  }

  private static double score(AutoModel.Selection s, String candidate) {
    Double v = s.scores().get(candidate);
    return v == null || v.isInfinite() ? Double.NaN : v;
  }

  /** Remembers the snapshot the gauges report. */
  public void published(Snapshot snapshot) {
    latest.set(snapshot);
  }

  public Timer collectTimer() {
    return collect;
  }

  public Timer predictTimer() {
    return predict;
  }

  public Timer capacityTimer() {
    return capacity;
  }

  /**
   * Registers {@code kedastral_leader{workload}}: 1 while this replica holds the writer lease
   * (always with {@code STORAGE=memory}), else 0.
   */
  public void leaderGauge(BooleanSupplier leader) {
    Gauge.builder(LEADER, leader, l -> l.getAsBoolean() ? 1 : 0)
        .description("1 while this replica computes and writes the workload's snapshots, else 0")
        .tag(TAG_WORKLOAD, workload)
        .strongReference(true)
        .register(registry);
  }

  /** Registers an error series at zero, so dashboards and alerts see it before it first counts. */
  public void registerError(String component, String reason) {
    errorCounter(component, reason);
  }

  /** Counts one failure of {@code component} ({@code collect}, {@code forecast}, {@code store}). */
  public void error(String component, String reason) {
    errorCounter(component, reason).increment();
  }

  private Counter errorCounter(String component, String reason) {
    return Counter.builder(ERRORS)
        .description("Failures by pipeline component and reason")
        .tag(TAG_WORKLOAD, workload)
        .tag(TAG_COMPONENT, component)
        .tag(TAG_REASON, reason)
        .register(registry);
  }

  private static double firstValue(Snapshot s) {
    return s == null ? Double.NaN : s.values().get(0);
  }

  private static double firstReplicas(Snapshot s) {
    return s == null ? Double.NaN : s.desiredReplicas().get(0);
  }

  private static double age(Snapshot s, Clock clock) {
    return s == null ? Double.NaN : s.age(clock.instant()).toMillis() / 1000.0;
  }
}
