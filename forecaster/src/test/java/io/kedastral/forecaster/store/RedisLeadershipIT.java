package io.kedastral.forecaster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.core.testing.ConstantModel;
import io.kedastral.core.testing.RecordingMetricSource;
import io.kedastral.core.testing.SnapshotStoreContract;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.config.StorageSettings;
import io.kedastral.forecaster.config.TestSettings;
import io.kedastral.forecaster.loop.ForecastLoop;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.kedastral.forecaster.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** The writer lease and the fenced write against a real Redis. */
class RedisLeadershipIT {
  @RegisterExtension static final RedisServer redis = new RedisServer();

  private static final String LEASE = "kedastral:lease:my-api";
  private static final String KEY = "kedastral:snapshot:my-api";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final SnapshotJson json = new SnapshotJson(JsonMapper.builder().build());
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisConnection connection;

  @BeforeEach
  void connect() {
    redis.command("FLUSHALL");
    connection = open();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private RedisConnection open() {
    RedisConnection c =
        RedisConnection.open(
            new StorageSettings.Redis(
                redis.address(), redis.password(), null, Duration.ofHours(1)));
    closeables.add(c);
    return c;
  }

  private RedisLeadership replica(String name, Duration leaseTtl) {
    return new RedisLeadership(connection, json, "my-api", name, leaseTtl, Duration.ofHours(1));
  }

  private static Snapshot at(Instant t) {
    return SnapshotStoreContract.snapshot("my-api", t, 5);
  }

  private String storedGeneratedAt() {
    return json.read(redis.command("GET", KEY)).generatedAt().toString();
  }

  @Test
  void onlyOneOfTwoReplicasLeadsAndWrites() {
    RedisLeadership a = replica("a", Duration.ofMinutes(1));
    RedisLeadership b = replica("b", Duration.ofMinutes(1));
    assertThat(a.tryLead()).isTrue();
    assertThat(b.tryLead()).isFalse();
    assertThat(redis.command("GET", LEASE)).isEqualTo("a");
    long pttl = Long.parseLong(redis.command("PTTL", LEASE).substring(1));
    assertThat(pttl).isBetween(50_000L, 60_000L);
    assertThat(a.write(at(T0))).isTrue();
    assertThat(b.write(at(T0.plusSeconds(30)))).isFalse();
    assertThat(b.isLeader()).isFalse();
    assertThat(storedGeneratedAt()).isEqualTo(T0.toString());
    // renewing keeps the lease
    assertThat(a.tryLead()).isTrue();
    assertThat(b.tryLead()).isFalse();
  }

  @Test
  void releasingHandsTheLeaseOverAtOnceButOnlyOurOwn() {
    RedisLeadership a = replica("a", Duration.ofMinutes(1));
    RedisLeadership b = replica("b", Duration.ofMinutes(1));
    a.tryLead();
    b.release(); // not the holder: must not delete a's lease
    assertThat(redis.command("GET", LEASE)).isEqualTo("a");
    a.release();
    assertThat(redis.command("EXISTS", LEASE)).isEqualTo(":0");
    assertThat(b.tryLead()).isTrue();
  }

  @Test
  void anUnrenewedLeaseExpiresAndAnotherReplicaTakesOver() {
    RedisLeadership a = replica("a", Duration.ofMillis(500));
    RedisLeadership b = replica("b", Duration.ofMillis(500));
    assertThat(a.tryLead()).isTrue();
    assertThat(b.tryLead()).isFalse();
    await().atMost(Duration.ofSeconds(3)).until(b::tryLead);
    assertThat(a.tryLead()).isFalse();
  }

  @Test
  void aPausedLeaderCannotOverwriteItsSuccessor() {
    RedisLeadership a = replica("a", Duration.ofMinutes(1));
    RedisLeadership b = replica("b", Duration.ofMinutes(1));
    assertThat(a.tryLead()).isTrue();
    Snapshot madeBeforeThePause = at(T0.plusSeconds(30));
    // a pauses (GC, frozen VM) longer than the lease: it expires and b takes over and writes
    redis.command("DEL", LEASE);
    assertThat(b.tryLead()).isTrue();
    assertThat(b.write(at(T0.plusSeconds(60)))).isTrue();
    // a wakes up and writes with its old token: refused, and a knows it no longer leads
    assertThat(a.write(madeBeforeThePause)).isFalse();
    assertThat(a.isLeader()).isFalse();
    assertThat(storedGeneratedAt()).isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void evenTheLeaseHolderCannotReplaceANewerSnapshotWithAnOlderOne() {
    RedisLeadership b = replica("b", Duration.ofMinutes(1));
    b.tryLead();
    b.write(at(T0.plusSeconds(60)));
    b.release();
    // a re-acquires the free lease but still holds a snapshot made before b's
    RedisLeadership a = replica("a", Duration.ofMinutes(1));
    assertThat(a.tryLead()).isTrue();
    assertThat(a.write(at(T0.plusSeconds(30)))).isFalse();
    assertThat(storedGeneratedAt()).isEqualTo(T0.plusSeconds(60).toString());
    // the same generatedAt or a newer one is written
    assertThat(a.tryLead()).isTrue();
    assertThat(a.write(at(T0.plusSeconds(60)))).isTrue();
    assertThat(a.write(at(T0.plusSeconds(90)))).isTrue();
    assertThat(storedGeneratedAt()).isEqualTo(T0.plusSeconds(90).toString());
  }

  @Test
  void aWriteRenewsTheLeaseAndSetsTheSnapshotTtl() {
    RedisLeadership a =
        new RedisLeadership(
            connection, json, "my-api", "a", Duration.ofSeconds(20), Duration.ofMinutes(5));
    a.tryLead();
    redis.command("PEXPIRE", LEASE, "1000");
    assertThat(a.write(at(T0))).isTrue();
    assertThat(Long.parseLong(redis.command("PTTL", LEASE).substring(1))).isGreaterThan(15_000L);
    assertThat(Long.parseLong(redis.command("TTL", KEY).substring(1))).isBetween(290L, 300L);
  }

  @Test
  void anUnreachableRedisIsReportedAndTheLastRoleIsKept() {
    RedisLeadership a = replica("a", Duration.ofMinutes(1));
    assertThat(a.tryLead()).isTrue();
    redis.kill();
    try {
      assertThatThrownBy(a::tryLead)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("redis at " + redis.address())
          .hasMessageNotContaining(redis.password());
      assertThat(a.isLeader()).isTrue();
      assertThatThrownBy(() -> a.write(at(T0))).isInstanceOf(StoreUnavailableException.class);
    } finally {
      redis.restart();
    }
    // the restarted Redis is empty: the lease is free again and the connection comes back
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(a::tryLead);
    assertThat(a.write(at(T0))).isTrue();
  }

  /**
   * Two forecast loops ticking every two seconds over one Redis, as two replicas would. The leader
   * stops ticking without giving up the lease (a crash); the follower takes over within three
   * intervals of its last renewal.
   */
  @Test
  void aFollowerTakesOverWithinThreeIntervalsWhenTheLeaderCrashes() throws Exception {
    Duration interval = Duration.ofSeconds(2); // lease 4 s: no lost lease on a loaded machine
    ForecasterSettings settings =
        TestSettings.parse("WINDOW", "1h", "HORIZON", "5m", "INTERVAL", "2s");
    RedisSnapshotStore store =
        new RedisSnapshotStore(connection, json, Duration.ofHours(1), metrics());
    ForecastLoop a = loop(settings, store, replica("a", RedisLeadership.leaseTtl(interval)));
    ForecastLoop b = loop(settings, store, replica("b", RedisLeadership.leaseTtl(interval)));
    AtomicBoolean aAlive = new AtomicBoolean(true);
    AtomicReference<Instant> aLastTick = new AtomicReference<>();
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    try {
      assertThat(a.tick()).isEqualTo(ForecastLoop.Outcome.PUBLISHED);
      aLastTick.set(Instant.now());
      long ms = interval.toMillis();
      ticks.scheduleWithFixedDelay(
          () -> {
            if (aAlive.get()) {
              a.tick();
              aLastTick.set(Instant.now());
            }
          },
          ms,
          ms,
          TimeUnit.MILLISECONDS);
      ticks.scheduleWithFixedDelay(b::tick, 0, ms, TimeUnit.MILLISECONDS);
      Thread.sleep(2 * ms + ms / 2);
      assertThat(b.lastPublished()).as("the follower computes nothing").isEmpty();
      aAlive.set(false); // crash: no more ticks, no release
      Instant crashed = aLastTick.get();
      await()
          .atMost(interval.multipliedBy(4))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> b.lastPublished().isPresent());
      Duration takeover = Duration.between(crashed, Instant.now());
      System.out.printf(
          "take-over after a crash (INTERVAL=%s): %d ms%n", interval, takeover.toMillis());
      assertThat(takeover).isLessThanOrEqualTo(interval.multipliedBy(3).plusMillis(500));
      assertThat(redis.command("GET", LEASE)).isEqualTo("b");
    } finally {
      ticks.shutdownNow();
      ticks.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ForecasterMetrics metrics() {
    return new ForecasterMetrics(
        new SimpleMeterRegistry(), "my-api", "recording", "constant", Clock.systemUTC());
  }

  private ForecastLoop loop(
      ForecasterSettings settings, RedisSnapshotStore store, RedisLeadership leadership) {
    return new ForecastLoop(
        settings,
        new RecordingMetricSource(t -> 250),
        new ConstantModel(250, 260),
        new CapacityPlanner(settings.policy()),
        store,
        leadership,
        metrics(),
        Clock.systemUTC());
  }
}
