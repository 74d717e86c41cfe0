package io.kedastral.forecaster.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The forecaster's settings as written by the operator: raw text, bound from the environment
 * variables of SPEC §1.1 through {@code application.yaml} (so {@code STEP=5m} and {@code
 * kedastral.step=5m} both work). {@link SettingsParser} validates every value and turns them into
 * {@link ForecasterSettings}; raw text is kept here so that an error can quote exactly what was
 * given.
 */
@ConfigurationProperties("kedastral")
public record ForecasterProperties(
    String workload,
    String metric,
    String adapter,
    String promUrl,
    String promQuery,
    String promTimeout,
    String replayFile,
    String step,
    String horizon,
    String window,
    String interval,
    String model,
    String arimaP,
    String arimaD,
    String arimaQ,
    String sarimaP,
    String sarimaD,
    String sarimaQ,
    String sarimaSp,
    String sarimaSd,
    String sarimaSq,
    String sarimaS,
    String targetPerPod,
    String headroom,
    String quantileLevel,
    String safetyMargin,
    String minReplicas,
    String maxReplicas,
    String upMaxFactor,
    String downMaxPercent,
    String prewarmWindow,
    String reactiveFloor,
    String leadTime,
    String storage,
    String redisAddr,
    String redisPassword,
    String redisDb,
    String redisTtl,
    String redisCaFile,
    String tlsEnabled,
    String tlsCertFile,
    String tlsKeyFile,
    String tlsCaFile,
    String tlsMinVersion,
    String managementPort,
    String serverPort,
    String apiRateLimitPerClient,
    String apiMaxConcurrentPerClient) {

  /** Like the record's own, but never shows {@code REDIS_PASSWORD}. */
  @Override
  public String toString() {
    String format =
        "ForecasterProperties[workload=%s, metric=%s, adapter=%s, promUrl=%s, storage=%s,"
            + " redisAddr=%s, redisPassword=%s, redisDb=%s, redisTtl=%s, ...]";
    return format.formatted(
        workload,
        metric,
        adapter,
        promUrl,
        storage,
        redisAddr,
        redisPassword == null || redisPassword.isEmpty() ? "<none>" : "<hidden>",
        redisDb,
        redisTtl);
  }
}
