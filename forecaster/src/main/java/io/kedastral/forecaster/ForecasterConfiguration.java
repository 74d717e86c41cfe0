package io.kedastral.forecaster;

import io.kedastral.boot.ClientLimiter;
import io.kedastral.core.model.ForecastModel;
import io.kedastral.core.model.Models;
import io.kedastral.core.planner.CapacityPlanner;
import io.kedastral.core.series.TraceCsv;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.source.MetricSource;
import io.kedastral.forecaster.api.ClientLimitFilter;
import io.kedastral.forecaster.config.ForecasterProperties;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.config.ServerSettings;
import io.kedastral.forecaster.config.SettingsParser;
import io.kedastral.forecaster.config.TlsCertificateLog;
import io.kedastral.forecaster.loop.Backoff;
import io.kedastral.forecaster.loop.ForecastLoop;
import io.kedastral.forecaster.loop.ForecastReadiness;
import io.kedastral.forecaster.loop.ForecastScheduler;
import io.kedastral.forecaster.loop.Leadership;
import io.kedastral.forecaster.metrics.ForecasterMetrics;
import io.kedastral.forecaster.source.PrometheusMetricSource;
import io.kedastral.forecaster.source.ReplayMetricSource;
import io.kedastral.forecaster.store.StorageBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/** Wires the core objects with constructors; the only place that knows all of them. */
@Configuration(proxyBeanMethods = false)
class ForecasterConfiguration {
  static final String BUNDLED_TRACE = "traces/Twitter_volume_AMZN.csv";

  @Bean
  ForecasterSettings forecasterSettings(ForecasterProperties properties) {
    return SettingsParser.parse(properties);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** STORAGE: the store and the writer lease; closed (Redis connection) after the loop stopped. */
  @Bean(destroyMethod = "close")
  StorageBackend storageBackend(
      ForecasterSettings settings, JsonMapper json, ForecasterMetrics metrics) {
    String replica = System.getenv().getOrDefault("HOSTNAME", "forecaster");
    return StorageBackend.create(settings, json, metrics, replica);
  }

  @Bean
  SnapshotStore snapshotStore(StorageBackend storage) {
    return storage.store();
  }

  @Bean
  Leadership leadership(StorageBackend storage) {
    return storage.leadership();
  }

  @Bean
  MetricSource metricSource(ForecasterSettings settings, Clock clock, JsonMapper json) {
    return switch (settings.adapter()) {
      case PROMETHEUS, VICTORIAMETRICS ->
          new PrometheusMetricSource(
              settings.adapter().label(),
              settings.promUrl(),
              settings.promQuery(),
              settings.promTimeout(),
              HttpClient.newBuilder()
                  .connectTimeout(settings.promTimeout())
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .build(),
              json);
      case REPLAY ->
          new ReplayMetricSource(TraceCsv.parse(traceLines(settings.replayFile())), clock);
    };
  }

  private static List<String> traceLines(String file) {
    try {
      if (file == null) {
        var resource = new ClassPathResource(BUNDLED_TRACE);
        return new String(resource.getContentAsByteArray(), StandardCharsets.UTF_8)
            .lines()
            .toList();
      }
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read REPLAY_FILE '" + file + "': " + e.getMessage(), e);
    }
  }

  @Bean
  ForecastModel forecastModel(ForecasterSettings settings) {
    return Models.create(settings.model());
  }

  @Bean
  ForecasterMetrics forecasterMetrics(
      MeterRegistry registry,
      ForecasterSettings settings,
      MetricSource source,
      ForecastModel model,
      Clock clock) {
    return new ForecasterMetrics(registry, settings.workload(), source.name(), model.name(), clock);
  }

  @Bean
  ForecastLoop forecastLoop(
      ForecasterSettings settings,
      MetricSource source,
      ForecastModel model,
      SnapshotStore store,
      Leadership leadership,
      ForecasterMetrics metrics,
      Clock clock) {
    return new ForecastLoop(
        settings,
        source,
        model,
        new CapacityPlanner(settings.policy()),
        store,
        leadership,
        metrics,
        clock);
  }

  @Bean
  ForecastScheduler forecastScheduler(ForecastLoop loop, ForecasterSettings settings) {
    return new ForecastScheduler(loop, Backoff.forInterval(settings.interval()));
  }

  @Bean("forecast")
  ForecastReadiness forecastReadiness(SnapshotStore store, ForecasterSettings settings) {
    return new ForecastReadiness(store, settings.workload());
  }

  /** With TLS_ENABLED: logs the certificate served, at start-up and after each rotation. */
  @Bean
  SmartInitializingSingleton tlsCertificateLog(
      ForecasterSettings settings, ObjectProvider<SslBundles> bundles) {
    ServerSettings.Tls tls = settings.server().tls();
    return tls == null ? () -> {} : new TlsCertificateLog(tls, bundles.getObject());
  }

  /** Per-client rate and concurrency limits on the API, right after the method guard. */
  @Bean
  FilterRegistrationBean<ClientLimitFilter> clientLimitFilter(
      ForecasterSettings settings, JsonMapper json, ForecasterMetrics metrics) {
    ClientLimiter limiter =
        new ClientLimiter(
            settings.apiRateLimitPerClient(),
            settings.apiMaxConcurrentPerClient(),
            System::nanoTime);
    var registration =
        new FilterRegistrationBean<>(
            new ClientLimitFilter(limiter, json, reason -> metrics.error("api", reason)));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }
}
