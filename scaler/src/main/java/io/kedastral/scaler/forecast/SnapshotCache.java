package io.kedastral.scaler.forecast;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.scaler.forecast.SnapshotUnavailableException.Reason;
import io.kedastral.scaler.metrics.ScalerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per-workload snapshot cache in front of the forecaster.
 *
 * <ul>
 *   <li>Concurrent callers for one workload share one in-flight fetch; its outcome (snapshot or
 *       failure) is reused for {@code cacheTtl} after it completes.
 *   <li>A failed fetch keeps the last good snapshot, which is served until it is older than {@code
 *       staleAfter} (age from its {@code generatedAt}, read from the injected clock); then, or when
 *       there is none, callers get a {@link SnapshotUnavailableException}.
 *   <li>A fetched snapshot that is itself older than {@code staleAfter} is not trusted either.
 *   <li>At most {@code maxWorkloads} entries are held; beyond that the least recently used one is
 *       evicted, so random workload names cannot grow memory without bound.
 * </ul>
 *
 * Each failed fetch is counted once (not once per caller); the first failure of a kind is logged at
 * ERROR, repeats of it at DEBUG, the recovery at INFO, so an outage does not flood the log.
 */
public final class SnapshotCache {
  private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

  private final Function<String, CompletableFuture<Snapshot>> fetcher;
  private final Clock clock;
  private final Duration ttl;
  private final Duration staleAfter;
  private final int maxWorkloads;
  private final ScalerMetrics metrics;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public SnapshotCache(
      Function<String, CompletableFuture<Snapshot>> fetcher,
      Clock clock,
      Duration ttl,
      Duration staleAfter,
      int maxWorkloads,
      ScalerMetrics metrics) {
    this.fetcher = fetcher;
    this.clock = clock;
    this.ttl = ttl;
    this.staleAfter = staleAfter;
    this.maxWorkloads = maxWorkloads;
    this.metrics = metrics;
  }

  /**
   * A trusted snapshot of {@code workload}: completes with a snapshot no older than {@code
   * staleAfter}, or exceptionally with a {@link SnapshotUnavailableException}.
   */
  public CompletableFuture<Snapshot> snapshot(String workload) {
    Instant now = clock.instant();
    Entry entry = entries.computeIfAbsent(workload, w -> new Entry(w, now));
    entry.lastUsed = now;
    if (entries.size() > maxWorkloads) {
      evictLeastRecentlyUsed(workload);
    }
    return entry.current(now).handle((snapshot, error) -> entry.trusted(snapshot, error));
  }

  /** How many workloads are held (for tests and diagnostics). */
  public int size() {
    return entries.size();
  }

  private void evictLeastRecentlyUsed(String keep) {
    while (entries.size() > maxWorkloads) {
      var victim =
          entries.values().stream()
              .filter(e -> !e.workload.equals(keep))
              .min(Comparator.comparing(e -> e.lastUsed));
      if (victim.isEmpty()) {
        return; // another thread evicted concurrently
      }
      if (entries.remove(victim.get().workload, victim.get())) {
        metrics.forget(victim.get().workload);
      }
    }
  }

  private final class Entry {
    final String workload;
    volatile Instant lastUsed;
    private CompletableFuture<Snapshot> fetch;
    private Instant completedAt;
    private Snapshot lastGood;
    private Reason failing;

    Entry(String workload, Instant now) {
      this.workload = workload;
      this.lastUsed = now;
    }

    synchronized CompletableFuture<Snapshot> current(Instant now) {
      boolean reusable =
          fetch != null && (completedAt == null || now.isBefore(completedAt.plus(ttl)));
      if (!reusable) {
        completedAt = null;
        long start = System.nanoTime();
        fetch = fetcher.apply(workload).whenComplete((s, e) -> completed(s, e, start));
      }
      return fetch;
    }

    private synchronized void completed(Snapshot snapshot, Throwable error, long start) {
      completedAt = clock.instant();
      metrics.fetchDuration(System.nanoTime() - start);
      try (var ignored = MDC.putCloseable("workload", workload)) {
        if (snapshot != null) {
          lastGood = snapshot;
          if (snapshot.isStale(completedAt, staleAfter)) {
            failed(Reason.STALE, staleMessage(snapshot, completedAt));
            return;
          }
          if (entries.get(workload) == this) { // not for an entry evicted meanwhile
            metrics.seen(snapshot);
          }
          if (failing != null) {
            log.info("snapshot fetch works again (after {})", failing.label());
          }
          failing = null;
          log.debug("fetched snapshot generated at {}", snapshot.generatedAt());
          return;
        }
        SnapshotUnavailableException failure = asUnavailable(error);
        failed(failure.reason(), failure.getMessage());
      }
    }

    private void failed(Reason reason, String message) {
      metrics.fetchError(workload, reason.label());
      if (reason != failing) {
        log.error("no usable snapshot ({}): {}", reason.label(), message);
      } else {
        log.debug("still no usable snapshot ({}): {}", reason.label(), message);
      }
      failing = reason;
    }

    Snapshot trusted(Snapshot fetched, Throwable error) {
      Instant now = clock.instant();
      Snapshot candidate;
      synchronized (this) {
        candidate = fetched != null ? fetched : lastGood;
      }
      if (candidate != null && !candidate.isStale(now, staleAfter)) {
        return candidate;
      }
      if (candidate != null) {
        String why = staleMessage(candidate, now);
        throw new SnapshotUnavailableException(
            Reason.STALE,
            error == null ? why : why + "; latest fetch: " + asUnavailable(error).getMessage());
      }
      throw asUnavailable(error);
    }

    private String staleMessage(Snapshot s, Instant now) {
      return "the snapshot of workload '"
          + workload
          + "' was generated at "
          + s.generatedAt()
          + ", "
          + s.age(now).toSeconds()
          + "s ago, more than STALE_AFTER ("
          + staleAfter.toSeconds()
          + "s)";
    }
  }

  private static SnapshotUnavailableException asUnavailable(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof SnapshotUnavailableException u) {
      return u;
    }
    return new SnapshotUnavailableException(Reason.UNREACHABLE, "snapshot fetch failed: " + t, t);
  }
}
