package io.kedastral.scaler;

import io.kedastral.boot.ClientLimiter;
import io.kedastral.scaler.config.ScalerProperties;
import io.kedastral.scaler.config.ScalerSettings;
import io.kedastral.scaler.config.SettingsParser;
import io.kedastral.scaler.forecast.ForecastClient;
import io.kedastral.scaler.forecast.SnapshotCache;
import io.kedastral.scaler.grpc.ClientLimitInterceptor;
import io.kedastral.scaler.grpc.ExternalScalerService;
import io.kedastral.scaler.grpc.GrpcReadiness;
import io.kedastral.scaler.grpc.GrpcServer;
import io.kedastral.scaler.grpc.MetricsInterceptor;
import io.kedastral.scaler.metrics.ScalerMetrics;
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

  @Bean
  ForecastClient forecastClient(ScalerSettings settings) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(settings.forecasterTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
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
        cache, clock, settings.leadTime(), settings.streamInterval(), streamScheduler, metrics);
  }

  @Bean
  GrpcServer grpcServer(
      ScalerSettings settings, ExternalScalerService service, ScalerMetrics metrics) {
    ClientLimiter limiter =
        new ClientLimiter(
            settings.grpcRateLimitPerClient(),
            settings.grpcMaxConcurrentPerClient(),
            System::nanoTime);
    return new GrpcServer(
        settings,
        service,
        new MetricsInterceptor(metrics),
        new ClientLimitInterceptor(limiter, metrics));
  }

  @Bean("grpc")
  GrpcReadiness grpcReadiness(GrpcServer server) {
    return new GrpcReadiness(server);
  }
}
