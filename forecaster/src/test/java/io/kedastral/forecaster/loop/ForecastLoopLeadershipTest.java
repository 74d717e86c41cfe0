package io.kedastral.forecaster.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.snapshot.InMemorySnapshotStore;
import io.kedastral.core.snapshot.Snapshot;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop's leader/follower behaviour, with a leadership the test steers. */
class ForecastLoopLeadershipTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:30Z");

  private final MutableClock clock = new MutableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingMetricSource source = new RecordingMetricSource(t -> 250);
  private final ForecasterSettings settings =
      TestSettings.parse("WINDOW", "1h", "HORIZON", "5m", "TARGET_PER_POD", "100");
  private final InMemorySnapshotStore store = new InMemorySnapshotStore();
  private final FakeLeadership leadership = new FakeLeadership(store);
  private final ForecastLoop loop =
      new ForecastLoop(
          settings,
          source,
          new ConstantModel(250, 260),
          new CapacityPlanner(settings.policy()),
          store,
          leadership,
          new ForecasterMetrics(registry, settings.workload(), source.name(), "constant", clock),
          clock);

  private double errors(String reason) {
    var c =
        registry
            .find(ForecasterMetrics.ERRORS)
            .tag("component", "store")
            .tag("reason", reason)
            .counter();
    return c == null ? 0 : c.count();
  }

  private double gauge(String name) {
    return registry.find(name).gauge().value();
  }

  private static Snapshot stored(Instant at, int replicas) {
    return new Snapshot(
        "my-api",
        "m",
        at,
        60,
        300,
        List.of(900.0, 900.0, 900.0, 900.0, 900.0),
        List.of(replicas, replicas, replicas, replicas, replicas),
        "other-replica",
        Map.of());
  }

  @Test
  void aFollowerComputesNothingAndMirrorsTheStoredSnapshotInItsGauges() {
    leadership.grantLease(false);
    store.put(stored(T0.minusSeconds(10), 9));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FOLLOWING);
    assertThat(source.calls()).isEmpty();
    assertThat(loop.lastPublished()).isEmpty();
    assertThat(gauge(ForecasterMetrics.DESIRED_REPLICAS)).isEqualTo(9);
    assertThat(gauge(ForecasterMetrics.FORECAST_AGE)).isEqualTo(10);
    assertThat(gauge(ForecasterMetrics.LEADER)).isZero();
  }

  @Test
  void aFollowerThatGetsTheLeaseWarmStartsAndPlansFromTheStoredSnapshot() {
    leadership.grantLease(false);
    store.put(stored(T0.minusSeconds(30), 20));
    loop.tick();
    leadership.grantLease(true); // the leader died
    clock.advance(Duration.ofSeconds(30));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    assertThat(source.calls()).hasSize(1);
    assertThat(source.calls().get(0).start()).isEqualTo(Instant.parse("2026-11-22T09:02:00Z"));
    // the previous plan (20) is the other replica's: DOWN_MAX_PERCENT=50 clamps 3 to 10, 5, 3
    assertThat(leadership.written().get(0).desiredReplicas()).containsExactly(10, 5, 3, 3, 3);
    assertThat(gauge(ForecasterMetrics.LEADER)).isEqualTo(1);
  }

  @Test
  void aFencedWriteIsCountedNotPublishedAndTheReplicaFollows() {
    leadership.fenceWrites(true);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FOLLOWING);
    assertThat(errors("fenced")).isEqualTo(1);
    assertThat(loop.lastPublished()).isEmpty();
    assertThat(store.get("my-api")).isEmpty();
    assertThat(leadership.isLeader()).isFalse();
    assertThat(gauge(ForecasterMetrics.LEADER)).isZero();
  }

  @Test
  void aLeaderKeepsForecastingInMemoryWhileTheStoreIsDownAndWritesWhenItReturns() {
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    leadership.unreachable(true);
    clock.advance(Duration.ofSeconds(30));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    assertThat(loop.lastPublished().orElseThrow().generatedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(leadership.written()).hasSize(1);
    assertThat(errors("unavailable")).as("one error per tick, not one per call").isEqualTo(1);
    leadership.unreachable(false);
    clock.advance(Duration.ofSeconds(30));
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
    assertThat(leadership.written()).hasSize(2);
    assertThat(store.get("my-api").orElseThrow().generatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aFollowerKeepsFollowingWhileTheStoreIsDown() {
    leadership.grantLease(false);
    loop.tick();
    leadership.unreachable(true);
    assertThat(loop.tick()).isEqualTo(ForecastLoop.Outcome.FOLLOWING);
    assertThat(source.calls()).isEmpty();
    assertThat(errors("unavailable")).isEqualTo(1);
  }

  @Test
  void releaseGivesTheLeaseUp() {
    loop.tick();
    loop.release();
    assertThat(leadership.released()).isEqualTo(1);
    assertThat(leadership.isLeader()).isFalse();
  }

  @Test
  void theSchedulerDoesNotBackOffAFollowerAndReleasesOnStop() throws Exception {
    leadership.grantLease(false);
    ForecastScheduler scheduler =
        new ForecastScheduler(loop, Backoff.forInterval(Duration.ofHours(1)));
    scheduler.start();
    try {
      org.awaitility.Awaitility.await().until(() -> leadership.tryLeadCalls() >= 1);
    } finally {
      scheduler.stop();
    }
    assertThat(scheduler.consecutiveFailures()).isZero();
    assertThat(leadership.released()).isEqualTo(1);
  }
}
