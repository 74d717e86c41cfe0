package io.kedastral.scaler.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.testing.MutableClock;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.metrics.ScalerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class SnapshotCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration STALE = Duration.ofMinutes(10);

  /** Records each fetch and hands back a future the test completes. */
  private static final class RecordingFetcher
      implements Function<String, CompletableFuture<Snapshot>> {
    final List<String> calls = new ArrayList<>();
    final List<CompletableFuture<Snapshot>> pending = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Snapshot> apply(String workload) {
      calls.add(workload);
      CompletableFuture<Snapshot> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    synchronized CompletableFuture<Snapshot> last() {
      return pending.get(pending.size() - 1);
    }
  }

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingFetcher fetcher = new RecordingFetcher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScalerMetrics metrics = new ScalerMetrics(registry, clock);

  private SnapshotCache cache(int maxWorkloads) {
    return new SnapshotCache(fetcher, clock, TTL, STALE, maxWorkloads, metrics);
  }

  private static Snapshot snapshot(String workload, Instant generatedAt) {
    return new Snapshot(
        workload, "m", generatedAt, 60, 60, List.of(1.0), List.of(2), "baseline", Map.of());
  }

  private static SnapshotUnavailableException unavailable(CompletableFuture<Snapshot> f) {
    Throwable t = catchThrowable(f::join);
    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(SnapshotUnavailableException.class);
    return (SnapshotUnavailableException) t.getCause();
  }

  private double errors(String reason) {
    var c = registry.find(ScalerMetrics.FETCH_ERRORS).tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void concurrentCallersShareOneFetchReusedForTheTtl() {
    SnapshotCache cache = cache(10);
    List<CompletableFuture<Snapshot>> callers =
        IntStream.range(0, 50).mapToObj(i -> cache.snapshot("w")).toList();
    assertThat(fetcher.calls).containsExactly("w");
    Snapshot s = snapshot("w", T0);
    fetcher.last().complete(s);
    assertThat(callers).allSatisfy(f -> assertThat(f.join()).isSameAs(s));

    clock.advance(TTL.minusMillis(1));
    assertThat(cache.snapshot("w").join()).isSameAs(s);
    assertThat(fetcher.calls).hasSize(1);

    clock.advance(Duration.ofMillis(1));
    CompletableFuture<Snapshot> refreshed = cache.snapshot("w");
    assertThat(fetcher.calls).hasSize(2);
    Snapshot newer = snapshot("w", T0.plusSeconds(5));
    fetcher.last().complete(newer);
    assertThat(refreshed.join()).isSameAs(newer);
  }

  @Test
  void aFailedFetchServesTheLastGoodSnapshotUntilItIsStale() {
    SnapshotCache cache = cache(10);
    Snapshot good = snapshot("w", T0);
    cache.snapshot("w");
    fetcher.last().complete(good);

    clock.advance(STALE.minusSeconds(1));
    CompletableFuture<Snapshot> during = cache.snapshot("w");
    fetcher
        .last()
        .completeExceptionally(new SnapshotUnavailableException(Reason.UNREACHABLE, "down"));
    assertThat(during.join()).isSameAs(good);
    assertThat(errors("unreachable")).isEqualTo(1);

    // the failure is reused for the TTL too: no hammering of a dead forecaster
    assertThat(cache.snapshot("w").join()).isSameAs(good);
    assertThat(fetcher.calls).hasSize(2);

    clock.advance(Duration.ofSeconds(2));
    SnapshotUnavailableException e = unavailable(cache.snapshot("w"));
    assertThat(e.reason()).isEqualTo(Reason.STALE);
    assertThat(e)
        .hasMessageContaining("generated at 2026-11-22T10:00:00Z, 601s ago")
        .hasMessageContaining("latest fetch: down");
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void logsTheFirstFailureOfAKindAsErrorAndTheRecoveryAsInfo(CapturedOutput output) {
    SnapshotCache cache = cache(10);
    for (int i = 0; i < 3; i++) {
      cache.snapshot("w");
      fetcher
          .last()
          .completeExceptionally(new SnapshotUnavailableException(Reason.UNREACHABLE, "down"));
      clock.advance(TTL);
    }
    cache.snapshot("w");
    fetcher.last().complete(snapshot("w", clock.instant()));
    assertThat(errors("unreachable")).isEqualTo(3);
    List<String> logged = output.getOut().lines().filter(l -> l.contains("ERROR")).toList();
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).contains("no usable snapshot (unreachable): down");
    assertThat(output.getOut()).contains("snapshot fetch works again (after unreachable)");
  }

  @Test
  void withoutAnyGoodSnapshotTheFailureIsPassedOn() {
    SnapshotCache cache = cache(10);
    CompletableFuture<Snapshot> f = cache.snapshot("w");
    fetcher
        .last()
        .completeExceptionally(new SnapshotUnavailableException(Reason.NOT_FOUND, "no w (404)"));
    SnapshotUnavailableException e = unavailable(f);
    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(e).hasMessage("no w (404)");
    assertThat(errors("not_found")).isEqualTo(1);
  }

  @Test
  void aFetchedSnapshotOlderThanStaleAfterIsNotTrusted() {
    SnapshotCache cache = cache(10);
    CompletableFuture<Snapshot> f = cache.snapshot("w");
    fetcher.last().complete(snapshot("w", T0.minus(STALE).minusSeconds(1)));
    SnapshotUnavailableException e = unavailable(f);
    assertThat(e.reason()).isEqualTo(Reason.STALE);
    assertThat(e).hasMessageContaining("601s ago, more than STALE_AFTER (600s)");
    assertThat(errors("stale")).isEqualTo(1);
  }

  @Test
  void holdsAtMostMaxWorkloadsEvictingTheLeastRecentlyUsed() {
    SnapshotCache cache = cache(3);
    for (String w : List.of("a", "b", "c")) {
      cache.snapshot(w);
      fetcher.last().complete(snapshot(w, T0));
      clock.advance(Duration.ofSeconds(1));
    }
    cache.snapshot("a"); // a is now the most recently used
    clock.advance(Duration.ofSeconds(1));
    cache.snapshot("d");
    assertThat(cache.size()).isEqualTo(3);
    // the evicted workload's meters go with it
    assertThat(registry.find(ScalerMetrics.AGE_SEEN).tag("workload", "b").gauge()).isNull();
    assertThat(registry.find(ScalerMetrics.AGE_SEEN).tag("workload", "a").gauge()).isNotNull();
    // b was evicted, so it is fetched again; a and c were kept
    cache.snapshot("c");
    cache.snapshot("b");
    assertThat(fetcher.calls).containsExactly("a", "b", "c", "d", "b");
  }

  @Test
  void staysBoundedUnderConcurrentCallsForManyNames() throws Exception {
    SnapshotCache cache =
        new SnapshotCache(
            w -> CompletableFuture.completedFuture(snapshot(w, T0)),
            clock,
            TTL,
            STALE,
            10,
            metrics);
    List<CompletableFuture<Snapshot>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  all.add(cache.snapshot("w" + ((i * 7 + seed * 13) % 100)));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(all).hasSize(4000).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }
}
