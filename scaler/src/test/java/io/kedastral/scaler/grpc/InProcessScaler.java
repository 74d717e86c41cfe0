package io.kedastral.scaler.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.kedastral.core.testing.MutableClock;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import io.kedastral.scaler.forecast.ForecastClient;
import io.kedastral.scaler.forecast.SnapshotCache;
import io.kedastral.scaler.metrics.ScalerMetrics;
import io.kedastral.scaler.testsupport.ScriptedForecaster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The real service, cache and HTTP client behind an in-process gRPC server, in front of a scripted
 * forecaster on a loopback socket, with a hand-moved clock. {@code CACHE_TTL=0} so every call
 * fetches; {@code LEAD_TIME=5m}, {@code STALE_AFTER=10m}, {@code REPLICAS_CAP=500}, streams poll
 * every 50 ms.
 */
final class InProcessScaler implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration LEAD = Duration.ofMinutes(5);
  static final Duration STALE = Duration.ofMinutes(10);
  static final int REPLICAS_CAP = 500;

  final MutableClock clock = new MutableClock(T0);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ScriptedForecaster forecaster;
  final ExternalScalerService service;
  final ManagedChannel channel;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Server server;

  InProcessScaler() throws IOException {
    ScalerMetrics metrics = new ScalerMetrics(registry, clock);
    forecaster = new ScriptedForecaster();
    ForecastClient client =
        new ForecastClient(
            HttpClient.newHttpClient(),
            forecaster.baseUrl(),
            Duration.ofMillis(500),
            ForecastClient.snapshotReader(),
            ForecastClient.MAX_BODY_BYTES);
    SnapshotCache cache =
        new SnapshotCache(client::fetch, clock, Duration.ZERO, STALE, 100, metrics);
    service =
        new ExternalScalerService(
            cache, clock, LEAD, Duration.ofMillis(50), scheduler, metrics, REPLICAS_CAP);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new MetricsInterceptor(metrics)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  static ScaledObjectRef ref(String name, String... metadata) {
    ScaledObjectRef.Builder b = ScaledObjectRef.newBuilder().setName(name).setNamespace("ns");
    for (int i = 0; i < metadata.length; i += 2) {
      b.putScalerMetadata(metadata[i], metadata[i + 1]);
    }
    return b.build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    scheduler.shutdownNow();
    forecaster.close();
  }
}
