package io.kedastral.forecaster.loop;

import io.kedastral.core.model.AutoModel;
import io.kedastral.core.model.Forecast;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.pipeline.Forecasting;
import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.series.Durations;
import io.kedastral.core.series.HistoryWindow;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.core.source.MetricSource;
import io.kedastral.core.source.MetricSourceException;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One forecast tick (SPEC §1.2): collect → clean → forecast → plan → store. The first tick fetches
 * the whole {@code WINDOW} (warm start); later ticks fetch only the points since the last one, plus
 * two steps to pick up late samples. Any failure keeps the previous snapshot (which then ages
 * visibly), logs one ERROR and counts {@code kedastral_errors_total{component,reason}}.
 *
 * <p>Each tick first asks the {@link Leadership} whether this replica leads. A follower does not
 * compute: it reads the stored snapshot (for its gauges) and asks again next tick. A leader whose
 * write is fenced becomes a follower. When the store cannot be reached the role held last is kept:
 * a leader goes on forecasting in memory and writes again when the store returns; a follower goes
 * on following (it could not publish anything either).
 *
 * <p>Not thread-safe: run by {@link ForecastScheduler} on one thread.
 */
public final class ForecastLoop {
  private static final Logger log = LoggerFactory.getLogger(ForecastLoop.class);
  private static final double SNAPSHOT_QUANTILE = 0.9;

  private final ForecasterSettings settings;
  private final MetricSource source;
  private final ForecastModel model;
  private final CapacityPlanner planner;
  private final SnapshotStore store;
  private final Leadership leadership;
  private final ForecasterMetrics metrics;
  private final Clock clock;
  private final HistoryWindow window;
  private final List<Double> quantileLevels;
  private final AtomicReference<Snapshot> lastPublished = new AtomicReference<>();
  private Boolean leading; // the role logged last; null before the first tick
  private AutoModel.Selection lastSelection;

  /**
   * @param store where the previous plan is read from ({@code leadership} writes)
   * @param leadership who computes and writes: {@link Leadership#always} for one process ({@code
   *     STORAGE=memory}), the Redis lease for several
   */
  public ForecastLoop(
      ForecasterSettings settings,
      MetricSource source,
      ForecastModel model,
      CapacityPlanner planner,
      SnapshotStore store,
      Leadership leadership,
      ForecasterMetrics metrics,
      Clock clock) {
    this.settings = settings;
    this.source = source;
    this.model = model;
    this.planner = planner;
    this.store = store;
    this.leadership = leadership;
    this.metrics = metrics;
    metrics.leaderGauge(leadership::isLeader);
    this.clock = clock;
    this.window = new HistoryWindow(settings.window(), settings.step());
    double level = settings.policy().quantileLevel();
    this.quantileLevels =
        level > 0 && level != SNAPSHOT_QUANTILE
            ? List.of(level, SNAPSHOT_QUANTILE)
            : List.of(SNAPSHOT_QUANTILE);
  }

  /** The outcome of one tick. */
  public enum Outcome {
    /** A snapshot was made (and stored, unless the store is unreachable). */
    PUBLISHED,
    /** Another replica leads; nothing was computed. */
    FOLLOWING,
    /** The forecast failed; the previous snapshot stays. */
    FAILED
  }

  /** Runs one tick; never throws. */
  public Outcome tick() {
    MDC.put("workload", settings.workload());
    try {
      Role role = role();
      if (!role.leading()) {
        return follow(role.storeReachable());
      }
      Snapshot snapshot = forecastOnce(clock.instant());
      return publish(snapshot, role.storeReachable());
    } catch (MetricSourceException e) {
      metrics.error("collect", e.reason());
      log.error("collect from {} failed ({}): {}", source.name(), e.reason(), e.getMessage());
    } catch (TickFailure e) {
      metrics.error(e.component, e.reason);
      log.error("forecast tick failed ({}/{}): {}", e.component, e.reason, e.getMessage());
    } catch (RuntimeException e) {
      metrics.error("forecast", "internal");
      log.error("forecast tick failed unexpectedly", e);
    } finally {
      MDC.remove("workload");
    }
    return Outcome.FAILED;
  }

  /** Gives up the lease, if held, so that another replica takes over at once (shutdown). */
  public void release() {
    leadership.release();
  }

  /** The snapshot this process made last, if any. */
  public Optional<Snapshot> lastPublished() {
    return Optional.ofNullable(lastPublished.get());
  }

  private Snapshot forecastOnce(Instant now) {
    collect(now);
    SeriesCleaner.Result cleaned = window.series();
    TimeSeries history = cleaned.series();
    if (history.isEmpty()) {
      throw new TickFailure(
          "forecast", "empty_series", "the source returned no finite samples in the window");
    }
    Duration dataAge = Duration.between(history.end(), now);
    if (dataAge.compareTo(settings.horizon()) > 0) {
      throw new TickFailure(
          "forecast",
          "stale_data",
          "the newest sample is " + dataAge.toSeconds() + "s old, older than HORIZON");
    }
    if (cleaned.nonFiniteDropped() > 0 || cleaned.interpolated() > 0) {
      log.debug(
          "cleaned history: {} non-finite samples dropped, {} gaps interpolated",
          cleaned.nonFiniteDropped(),
          cleaned.interpolated());
    }
    Forecast forecast =
        metrics
            .predictTimer()
            .record(
                () ->
                    Forecasting.forecastAfter(
                        model, history, now, settings.horizonSteps(), quantileLevels));
    if (model instanceof AutoModel auto) {
      auto.lastSelection().ifPresent(this::selected);
    }
    OptionalInt previous = previousReplicas(); // a store read: not part of the planner's time
    int[] replicas =
        metrics
            .capacityTimer()
            .record(() -> planner.plan(forecast, previous, OptionalDouble.of(history.last())));
    Snapshot snapshot =
        Forecasting.snapshot(
            settings.workload(), settings.metric(), now, settings.step(), forecast, replicas);
    log.info(
        "forecast made: model={} observed={} next={} replicas={} (max {} within {})",
        forecast.model(),
        round(history.last()),
        round(forecast.valueAt(0)),
        replicas[0],
        Arrays.stream(replicas).max().orElse(0),
        Durations.format(settings.horizon()));
    return snapshot;
  }

  private void collect(Instant now) {
    Instant newest = window.newest();
    // Start on the step grid, so Prometheus evaluates at exactly the slots the cleaner uses.
    Instant start =
        newest == null
            ? SeriesCleaner.alignDown(
                now.minus(settings.window()).plus(settings.step()), settings.step())
            : newest.minus(settings.step().multipliedBy(2));
    var samples = metrics.collectTimer().record(() -> source.fetch(start, now, settings.step()));
    if (newest == null && samples.isEmpty()) {
      throw new TickFailure("collect", "empty", "the query returned no data for the window");
    }
    window.merge(samples);
  }

  /** Reports {@code MODEL=auto}'s choice: metrics always, one INFO line when it changes. */
  private void selected(AutoModel.Selection s) {
    if (s == lastSelection) {
      return;
    }
    metrics.selected(s);
    if (lastSelection == null || !lastSelection.chosen().equals(s.chosen())) {
      log.info(
          "model choice: auto chose {} (was {}) by pinball loss 0.9 over {} origins up to {}: {}",
          s.chosen(),
          lastSelection == null ? "none" : lastSelection.chosen(),
          s.origins(),
          s.dataEnd(),
          s.scoresText());
    } else {
      log.debug(
          "model choice re-selected {} on data up to {}: {}",
          s.chosen(),
          s.dataEnd(),
          s.scoresText());
    }
    lastSelection = s;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Step 0 of the last snapshot: the stored one (survives restarts), else our own. */
  private OptionalInt previousReplicas() {
    Optional<Snapshot> previous;
    try {
      previous = store.get(settings.workload()).or(this::lastPublished);
    } catch (StoreUnavailableException e) {
      previous = lastPublished();
    }
    return previous
        .map(s -> OptionalInt.of(s.desiredReplicas().get(0)))
        .orElse(OptionalInt.empty());
  }

  /** This tick's role; when the store cannot be asked, the role held last. */
  private Role role() {
    boolean reachable = true;
    boolean lead;
    try {
      lead = leadership.tryLead();
    } catch (StoreUnavailableException e) {
      reachable = false;
      lead = leadership.isLeader();
      metrics.error("store", "unavailable");
      log.error(
          "cannot reach the store to renew the lease, {}: {}",
          lead ? "forecasting in memory" : "still following",
          e.getMessage());
    }
    // Unreachable, nothing changes: the error above says what this replica does meanwhile.
    if (reachable && !Boolean.valueOf(lead).equals(leading)) {
      leading = lead;
      log.info(
          lead
              ? "leading: this replica forecasts and writes the snapshots"
              : "following: another replica holds the lease; serving the stored snapshots");
    }
    return new Role(lead, reachable);
  }

  private Outcome follow(boolean storeReachable) {
    if (storeReachable) {
      try {
        store.get(settings.workload()).ifPresent(metrics::published);
      } catch (StoreUnavailableException e) {
        metrics.error("store", "unavailable");
        log.error("cannot read the stored snapshot: {}", e.getMessage());
      }
    }
    return Outcome.FOLLOWING;
  }

  /**
   * Writes through the leadership (fenced). When the store was unreachable a moment ago the write
   * is not tried: the snapshot is kept in memory and the next tick tries again.
   */
  private Outcome publish(Snapshot snapshot, boolean storeReachable) {
    if (storeReachable) {
      try {
        if (!leadership.write(snapshot)) {
          metrics.error("store", "fenced");
          log.error(
              "snapshot not written (fenced): the lease was lost or a newer snapshot is stored;"
                  + " following from now");
          return Outcome.FOLLOWING;
        }
      } catch (StoreUnavailableException e) {
        metrics.error("store", "unavailable");
        log.error("snapshot kept in memory only, the store is unavailable: {}", e.getMessage());
      }
    }
    lastPublished.set(snapshot);
    metrics.published(snapshot);
    return Outcome.PUBLISHED;
  }

  private record Role(boolean leading, boolean storeReachable) {}

  /** A tick failure with its metric labels; never leaves this class. */
  private static final class TickFailure extends RuntimeException {
    private final String component;
    private final String reason;

    TickFailure(String component, String reason, String message) {
      super(message);
      this.component = component;
      this.reason = reason;
    }
  }
}
