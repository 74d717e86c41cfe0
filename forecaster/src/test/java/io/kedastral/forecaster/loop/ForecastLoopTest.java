package io.kedastral.forecaster.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.snapshot.InMemorySnapshotStore;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.core.source.MetricSourceException;
import io.kedastral.core.testing.ConstantModel;
import io.kedastral.core.testing.MutableClock;
import io.kedastral.core.testing.RecordingMetricSource;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.config.TestSettings;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ForecastLoopTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:30Z");

  private final MutableClock clock = new MutableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingMetricSource source = new RecordingMetricSource(t -> 250);
  private final ForecasterSettings settings =
      TestSettings.parse("WINDOW", "1h", "HORIZON", "5m", "TARGET_PER_POD", "100");

  private ForecastLoop loop(SnapshotStore store) {
    return loop(store, source);
  }

  private ForecastLoop loop(SnapshotStore store, RecordingMetricSource from) {
    return new ForecastLoop(
        settings,
        from,
        new ConstantModel(250, 260),
        new CapacityPlanner(settings.policy()),
        store,
        Leadership.always(store),
        new ForecasterMetrics(registry, settings.workload(), from.name(), "constant", clock),
        clock);
  }

  private double errors(String reason) {
    var c = registry.find(ForecasterMetrics.ERRORS).tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void warmStartFetchesTheWindowThenOnlyNewPoints() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    ForecastLoop loop = loop(store);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    clock.advance(Duration.ofSeconds(30));
    loop.tick();
    var calls = source.calls();
    // one WINDOW of grid slots ending at or before now: 09:01 .. 10:00
    assertThat(calls.get(0).start()).isEqualTo(Instant.parse("2026-11-22T09:01:00Z"));
    assertThat(calls.get(0).end()).isEqualTo(T0);
    // the second tick re-reads two steps before the newest point (late samples), nothing older
    assertThat(calls.get(1).start()).isEqualTo(Instant.parse("2026-11-22T09:58:00Z"));
    assertThat(calls.get(1).end()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void publishesASnapshotWhoseReplicasFollowThePlanner() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    loop(store).tick();
    Snapshot s = store.get("my-api").orElseThrow();
    assertThat(s.generatedAt()).isEqualTo(T0);
    assertThat(s.values()).hasSize(5).containsOnly(250.0);
    // 250 × 1.2 / 100 = 3 replicas for every step
    assertThat(s.desiredReplicas()).containsOnly(3);
    assertThat(s.quantiles()).containsOnlyKeys("0.9");
    assertThat(s.model()).isEqualTo("constant");
    assertThat(registry.find(ForecasterMetrics.DESIRED_REPLICAS).gauge().value()).isEqualTo(3);
    assertThat(registry.find(ForecasterMetrics.PREDICTED_VALUE).gauge().value()).isEqualTo(250);
  }

  @Test
  void aFailedCollectKeepsTheSnapshotWhichAgesAndCountsTheError() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    ForecastLoop loop = loop(store);
    loop.tick();
    Snapshot first = store.get("my-api").orElseThrow();
    source.failWith(new MetricSourceException("unreachable", "connection refused"));
    clock.advance(Duration.ofMinutes(2));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FAILED);
    assertThat(store.get("my-api")).contains(first);
    assertThat(errors("unreachable")).isEqualTo(1);
    assertThat(registry.find(ForecasterMetrics.FORECAST_AGE).gauge().value()).isEqualTo(120);
    source.failWith(null);
    clock.advance(Duration.ofSeconds(30));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    assertThat(registry.find(ForecasterMetrics.FORECAST_AGE).gauge().value()).isZero();
  }

  @Test
  void anEmptyOrAllNanSeriesIsAnErrorNotASnapshot() {
    RecordingMetricSource nan = new RecordingMetricSource(t -> Double.NaN);
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    ForecastLoop loop = loop(store, nan);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FAILED);
    assertThat(store.get("my-api")).isEmpty();
    assertThat(errors("empty_series")).isEqualTo(1);
  }

  @Test
  void dataOlderThanTheHorizonIsNotForecast() {
    // The source stops delivering finite points after T0 (a scrape target that went away).
    RecordingMetricSource frozen = new RecordingMetricSource(t -> t.isAfter(T0) ? Double.NaN : 250);
    ForecastLoop loop = loop(new InMemorySnapshotStore(), frozen);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    clock.advance(Duration.ofMinutes(10));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FAILED);
    assertThat(errors("stale_data")).isEqualTo(1);
  }

  @Test
  void usesTheStoredSnapshotAsThePreviousReplicas() {
    InMemorySnapshotStore store = new InMemorySnapshotStore();
    store.put(
        new Snapshot(
            "my-api",
            "m",
            T0.minusSeconds(30),
            60,
            300,
            List.of(1.0, 1.0, 1.0, 1.0, 1.0),
            List.of(20, 20, 20, 20, 20),
            "old",
            java.util.Map.of()));
    loop(store).tick();
    // need 3 but the previous plan was 20 and DOWN_MAX_PERCENT=50: 10, 5, 3, 3, 3 — the
    // reactive floor (3) does not raise it further.
    assertThat(store.get("my-api").orElseThrow().desiredReplicas()).containsExactly(10, 5, 3, 3, 3);
  }

  @Test
  void aStoreOutageKeepsForecastingInMemory() {
    AtomicBoolean down = new AtomicBoolean(true);
    InMemorySnapshotStore delegate = new InMemorySnapshotStore();
    SnapshotStore flaky =
        new SnapshotStore() {
          @Override
          public void put(Snapshot s) {
            if (down.get()) {
              throw new StoreUnavailableException("down", null);
            }
            delegate.put(s);
          }

          @Override
          public Optional<Snapshot> get(String w) {
            if (down.get()) {
              throw new StoreUnavailableException("down", null);
            }
            return delegate.get(w);
          }

          @Override
          public List<String> workloads() {
            return delegate.workloads();
          }
        };
    ForecastLoop loop = loop(flaky);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    assertThat(loop.lastPublished()).isPresent();
    assertThat(errors("unavailable")).isEqualTo(1);
    down.set(false);
    clock.advance(Duration.ofSeconds(30));
    loop.tick();
    assertThat(delegate.get("my-api")).isPresent();
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Backoff b = Backoff.forInterval(Duration.ofSeconds(30));
    assertThat(b.delayAfter(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(b.delayAfter(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(b.delayAfter(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.delayAfter(500)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Backoff.forInterval(Duration.ofMinutes(10)).delayAfter(3))
        .isEqualTo(Duration.ofMinutes(10));
  }
}
