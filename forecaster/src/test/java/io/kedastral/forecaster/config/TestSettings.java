package io.kedastral.forecaster.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Settings for tests: the application.yaml defaults with overrides, parsed like at start-up. */
public final class TestSettings {
  private TestSettings() {}

  /** The defaults of application.yaml plus the required variables. */
  public static Map<String, String> defaults() {
    Map<String, String> m = new HashMap<>();
    m.put("WORKLOAD", "my-api");
    m.put("METRIC", "http_rps");
    m.put("ADAPTER", "prometheus");
    m.put("PROM_URL", "http://localhost:9090");
    m.put("PROM_QUERY", "sum(rate(http_requests_total[1m]))");
    m.put("PROM_TIMEOUT", "30s");
    m.put("REPLAY_FILE", "");
    m.put("STEP", "1m");
    m.put("HORIZON", "30m");
    m.put("WINDOW", "7d");
    m.put("INTERVAL", "30s");
    m.put("MODEL", "baseline");
    for (String v :
        List.of(
            "ARIMA_P",
            "ARIMA_D",
            "ARIMA_Q",
            "SARIMA_P",
            "SARIMA_D",
            "SARIMA_Q",
            "SARIMA_SP",
            "SARIMA_SD",
            "SARIMA_SQ",
            "SARIMA_S")) {
      m.put(v, "");
    }
    m.put("TARGET_PER_POD", "100");
    m.put("HEADROOM", "1.2");
    m.put("QUANTILE_LEVEL", "0");
    m.put("SAFETY_MARGIN", "headroom");
    m.put("MIN_REPLICAS", "1");
    m.put("MAX_REPLICAS", "100");
    m.put("UP_MAX_FACTOR", "2.0");
    m.put("DOWN_MAX_PERCENT", "50");
    m.put("PREWARM_WINDOW", "0s");
    m.put("REACTIVE_FLOOR", "true");
    m.put("LEAD_TIME", "5m");
    m.put("STORAGE", "memory");
    m.put("REDIS_ADDR", "localhost:6379");
    m.put("REDIS_PASSWORD", "");
    m.put("REDIS_DB", "");
    m.put("REDIS_TTL", "1h");
    m.put("REDIS_CA_FILE", "");
    m.put("TLS_ENABLED", "false");
    m.put("TLS_CERT_FILE", "");
    m.put("TLS_KEY_FILE", "");
    m.put("TLS_CA_FILE", "");
    m.put("TLS_MIN_VERSION", "1.3");
    m.put("MANAGEMENT_PORT", "");
    m.put("SERVER_PORT", "8081");
    m.put("API_RATE_LIMIT_PER_CLIENT", "100");
    m.put("API_MAX_CONCURRENT_PER_CLIENT", "16");
    return m;
  }

  public static ForecasterProperties props(Map<String, String> m) {
    return new ForecasterProperties(
        m.get("WORKLOAD"),
        m.get("METRIC"),
        m.get("ADAPTER"),
        m.get("PROM_URL"),
        m.get("PROM_QUERY"),
        m.get("PROM_TIMEOUT"),
        m.get("REPLAY_FILE"),
        m.get("STEP"),
        m.get("HORIZON"),
        m.get("WINDOW"),
        m.get("INTERVAL"),
        m.get("MODEL"),
        m.get("ARIMA_P"),
        m.get("ARIMA_D"),
        m.get("ARIMA_Q"),
        m.get("SARIMA_P"),
        m.get("SARIMA_D"),
        m.get("SARIMA_Q"),
        m.get("SARIMA_SP"),
        m.get("SARIMA_SD"),
        m.get("SARIMA_SQ"),
        m.get("SARIMA_S"),
        m.get("TARGET_PER_POD"),
        m.get("HEADROOM"),
        m.get("QUANTILE_LEVEL"),
        m.get("SAFETY_MARGIN"),
        m.get("MIN_REPLICAS"),
        m.get("MAX_REPLICAS"),
        m.get("UP_MAX_FACTOR"),
        m.get("DOWN_MAX_PERCENT"),
        m.get("PREWARM_WINDOW"),
        m.get("REACTIVE_FLOOR"),
        m.get("LEAD_TIME"),
        m.get("STORAGE"),
        m.get("REDIS_ADDR"),
        m.get("REDIS_PASSWORD"),
        m.get("REDIS_DB"),
        m.get("REDIS_TTL"),
        m.get("REDIS_CA_FILE"),
        m.get("TLS_ENABLED"),
        m.get("TLS_CERT_FILE"),
        m.get("TLS_KEY_FILE"),
        m.get("TLS_CA_FILE"),
        m.get("TLS_MIN_VERSION"),
        m.get("MANAGEMENT_PORT"),
        m.get("SERVER_PORT"),
        m.get("API_RATE_LIMIT_PER_CLIENT"),
        m.get("API_MAX_CONCURRENT_PER_CLIENT"));
  }

  public static ForecasterSettings parse(String... overrides) {
    Map<String, String> m = defaults();
    for (int i = 0; i < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return SettingsParser.parse(props(m));
  }
}
