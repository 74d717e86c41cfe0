package io.kedastral.scaler;

import io.kedastral.boot.ClientLimiter;
import io.kedastral.scaler.config.ScalerProperties;
import io.kedastral.scaler.config.ScalerSettings;
import io.kedastral.scaler.config.SettingsParser;
import io.kedastral.scaler.forecast.ForecastClient;
import io.kedastral.scaler.forecast.ForecasterHttp;
import io.kedastral.scaler.forecast.SnapshotCache;
import io.kedastral.scaler.grpc.ClientLimitInterceptor;
import io.kedastral.scaler.grpc.ExternalScalerService;
import io.kedastral.scaler.grpc.GrpcCredentials;
import io.kedastral.scaler.grpc.GrpcReadiness;
import io.kedastral.scaler.grpc.GrpcServer;
import io.kedastral.scaler.grpc.MetricsInterceptor;
import io.kedastral.scaler.metrics.ScalerMetrics;
import io.kedastral.scaler.tls.ReloadingCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the scaler with constructors; the only place that knows all of its parts. */
@Configuration(proxyBeanMethods = false)
class ScalerConfiguration {

  @Bean
  ScalerSettings scalerSettings(ScalerProperties properties) {
    return SettingsParser.parse(properties);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ScalerMetrics scalerMetrics(MeterRegistry registry, Clock clock) {
    return new ScalerMetrics(registry, clock);
  }

  /** Checks the TLS certificate files for changes ({@link ReloadingCredentials}). */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService tlsReloader() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "tls-reloader");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  ForecastClient forecastClient(ScalerSettings settings, ScheduledExecutorService tlsReloader) {
    HttpClient http =
        ForecasterHttp.client(
            settings.forecasterTimeout(),
            settings.forecasterTls(),
            tlsReloader,
            ReloadingCredentials.DEFAULT_PERIOD);
    return new ForecastClient(
        http,
        settings.forecasterUrl(),
        settings.forecasterTimeout(),
        ForecastClient.snapshotReader(),
        ForecastClient.MAX_BODY_BYTES);
  }

  @Bean
  SnapshotCache snapshotCache(
      ForecastClient client, ScalerSettings settings, Clock clock, ScalerMetrics metrics) {
    return new SnapshotCache(
        client::fetch,
        clock,
        settings.cacheTtl(),
        settings.staleAfter(),
        settings.cacheMaxWorkloads(),
        metrics);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService streamScheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "stream-poller");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  ExternalScalerService externalScalerService(
      SnapshotCache cache,
      Clock clock,
      ScalerSettings settings,
      ScheduledExecutorService streamScheduler,
      ScalerMetrics metrics) {
    return new ExternalScalerService(
        cache,
        clock,
        settings.leadTime(),
        settings.streamInterval(),
        streamScheduler,
        metrics,
        settings.replicasCap());
  }

  @Bean
  GrpcServer grpcServer(
      ScalerSettings settings,
      ExternalScalerService service,
      ScalerMetrics metrics,
      ScheduledExecutorService tlsReloader) {
    ClientLimiter limiter =
        new ClientLimiter(
            settings.grpcRateLimitPerClient(),
            settings.grpcMaxConcurrentPerClient(),
            System::nanoTime);
    return new GrpcServer(
        settings,
        service,
        new MetricsInterceptor(metrics),
        new ClientLimitInterceptor(limiter, metrics),
        GrpcCredentials.of(settings.grpcTls(), tlsReloader, ReloadingCredentials.DEFAULT_PERIOD));
  }

  @Bean("grpc")
  GrpcReadiness grpcReadiness(GrpcServer server) {
    return new GrpcReadiness(server);
  }
}
