package io.kedastral.forecaster.config;

import io.kedastral.core.model.ModelSpec;
import io.kedastral.core.planner.CapacityPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * The validated settings of one forecaster process. Built only by {@link SettingsParser}.
 *
 * @param replayFile CSV to replay, or null for the bundled trace
 * @param model the forecasting method with its orders and season resolved ({@code MODEL}, {@code
 *     ARIMA_*}, {@code SARIMA_*})
 * @param server HTTPS and the management port ({@code TLS_*}, {@code MANAGEMENT_PORT})
 * @param apiRateLimitPerClient API requests per second per client IP, 0 = unlimited
 * @param apiMaxConcurrentPerClient API requests in flight per client IP
 */
public record ForecasterSettings(
    String workload,
    String metric,
    Adapter adapter,
    URI promUrl,
    String promQuery,
    Duration promTimeout,
    String replayFile,
    Duration step,
    Duration horizon,
    Duration window,
    Duration interval,
    ModelSpec model,
    CapacityPolicy policy,
    StorageSettings storage,
    ServerSettings server,
    int apiRateLimitPerClient,
    int apiMaxConcurrentPerClient) {

  /** The metric sources this build has. */
  public enum Adapter {
    PROMETHEUS,
    VICTORIAMETRICS,
    REPLAY;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public int horizonSteps() {
    return Math.toIntExact(horizon.toMillis() / step.toMillis());
  }

  /** Snapshots older than this are flagged stale ({@code X-Kedastral-Stale}). */
  public Duration staleAfter() {
    return interval.multipliedBy(2);
  }
}
