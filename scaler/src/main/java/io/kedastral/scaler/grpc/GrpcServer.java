package io.kedastral.scaler.grpc;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.scaler.config.ScalerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gRPC server for KEDA, started and stopped with the application context.
 *
 * <p>Handlers run on a bounded executor ({@code GRPC_THREADS} threads, a bounded queue; beyond it
 * calls are refused rather than queued without limit). Keepalive pings from clients are allowed
 * every 10 s (KEDA's gRPC client pings), the server pings idle connections every 60 s, and inbound
 * messages and metadata are capped. The standard {@code grpc.health.v1.Health} service reports
 * {@code SERVING} once started and {@code NOT_SERVING} from the moment shutdown begins; server
 * reflection is added only with {@code GRPC_REFLECTION=true}. Stop: health goes {@code
 * NOT_SERVING}, open streams end with {@code UNAVAILABLE}, then a graceful {@code shutdown()} waits
 * up to {@link #GRACE} for running calls before {@code shutdownNow()}. The port speaks plaintext,
 * TLS or mTLS as {@link GrpcCredentials} says.
 */
public final class GrpcServer implements SmartLifecycle {
  static final Duration GRACE = Duration.ofSeconds(10);
  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;
  static final int MAX_INBOUND_METADATA_BYTES = 16 * 1024;
  static final int QUEUE_CAPACITY = 10_000;

  /** HTTP/2 streams per connection: KEDA keeps one open stream per push ScaledObject. */
  static final int MAX_CONCURRENT_CALLS_PER_CONNECTION = 4096;

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final ScalerSettings settings;
  private final ExternalScalerService service;
  private final MetricsInterceptor interceptor;
  private final ServerCredentials credentials;
  private final ClientLimitInterceptor limits;
  private volatile Server server;
  private volatile HealthStatusManager health;
  private volatile ThreadPoolExecutor executor;

  public GrpcServer(
      ScalerSettings settings,
      ExternalScalerService service,
      MetricsInterceptor interceptor,
      ClientLimitInterceptor limits,
      ServerCredentials credentials) {
    this.settings = settings;
    this.service = service;
    this.interceptor = interceptor;
    this.limits = limits;
    this.credentials = credentials;
  }

  @Override
  public synchronized void start() {
    executor = boundedExecutor(settings.grpcThreads());
    health = new HealthStatusManager();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.grpcPort()), credentials)
            .executor(executor)
            // the last interceptor runs first: refused calls are counted by the metrics too
            .addService(ServerInterceptors.intercept(service, limits, interceptor))
            .maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS_PER_CONNECTION)
            .addService(health.getHealthService())
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .maxInboundMetadataSize(MAX_INBOUND_METADATA_BYTES)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(60, TimeUnit.SECONDS)
            .keepAliveTimeout(20, TimeUnit.SECONDS);
    if (settings.grpcReflection()) {
      builder.addService(ProtoReflectionServiceV1.newInstance());
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen on GRPC_PORT=" + settings.grpcPort() + ": " + e.getMessage(), e);
    }
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(ExternalScalerGrpc.SERVICE_NAME, ServingStatus.SERVING);
    log.info(
        "gRPC ExternalScaler listening on port {} ({}, reflection {})",
        server.getPort(),
        settings.grpcTls() == null ? "plaintext" : settings.grpcTls().mutual() ? "mTLS" : "TLS",
        settings.grpcReflection() ? "on" : "off");
  }

  @Override
  public synchronized void stop() {
    Server s = server;
    if (s == null) {
      return;
    }
    health.enterTerminalState();
    service.closeStreams();
    s.shutdown();
    try {
      if (!s.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("gRPC calls still running after {}; cancelling them", GRACE);
        s.shutdownNow();
        s.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      server = null;
    }
    log.info("gRPC server stopped");
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port listened on (useful with {@code GRPC_PORT=0}); -1 when not running. */
  public int port() {
    Server s = server;
    return s == null ? -1 : s.getPort();
  }

  private static ThreadPoolExecutor boundedExecutor(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            r -> {
              Thread t = new Thread(r, "grpc-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
