package io.kedastral.scaler.grpc;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Part of {@code /readyz}: ready while the gRPC server is listening. */
public final class GrpcReadiness implements HealthIndicator {
  private final GrpcServer server;

  public GrpcReadiness(GrpcServer server) {
    this.server = server;
  }

  @Override
  public Health health() {
    return server.isRunning()
        ? Health.up().build()
        : Health.outOfService().withDetail("reason", "gRPC server not listening").build();
  }
}
