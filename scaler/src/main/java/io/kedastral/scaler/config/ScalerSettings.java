package io.kedastral.scaler.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The scaler's validated settings (SPEC §3.1 plus the additions in docs/CONFIGURATION.md).
 *
 * @param forecasterUrl base URL of the forecaster; its path prefix is kept; {@code {workload}} in
 *     it stands for the workload (one forecaster Service per workload)
 * @param forecasterTimeout connect and request timeout of one snapshot fetch
 * @param leadTime default lead time of a trigger without {@code leadTime} metadata
 * @param staleAfter snapshots older than this (from {@code generatedAt}) are not trusted
 * @param cacheTtl how long one fetched snapshot (or failure) is reused per workload
 * @param cacheMaxWorkloads how many workloads the cache holds before it evicts the least used
 * @param streamInterval how often a {@code StreamIsActive} stream re-evaluates its state
 * @param grpcPort gRPC port for KEDA ({@code 0} picks a free one)
 * @param grpcThreads threads of the bounded gRPC executor
 * @param grpcReflection serve gRPC server reflection
 * @param forecasterTls TLS towards an {@code https://} forecaster; null when {@code TLS_ENABLED} is
 *     false
 * @param grpcTls TLS on the gRPC port; null for plaintext
 * @param replicasCap the largest replica count ever returned to KEDA
 * @param grpcMaxConcurrentPerClient unary gRPC calls in flight per client IP
 * @param grpcRateLimitPerClient gRPC calls per second per client IP, 0 = unlimited
 */
public record ScalerSettings(
    String forecasterUrl,
    Duration forecasterTimeout,
    Duration leadTime,
    Duration staleAfter,
    Duration cacheTtl,
    int cacheMaxWorkloads,
    Duration streamInterval,
    int grpcPort,
    int grpcThreads,
    boolean grpcReflection,
    ForecasterTls forecasterTls,
    GrpcTls grpcTls,
    int replicasCap,
    int grpcMaxConcurrentPerClient,
    int grpcRateLimitPerClient) {

  public ScalerSettings {
    Objects.requireNonNull(forecasterUrl, "forecasterUrl");
    requirePositive("forecasterTimeout", forecasterTimeout);
    requireNotNegative("leadTime", leadTime);
    requirePositive("staleAfter", staleAfter);
    requireNotNegative("cacheTtl", cacheTtl);
    requirePositive("streamInterval", streamInterval);
    if (cacheMaxWorkloads < 1) {
      throw new IllegalArgumentException("cacheMaxWorkloads must be >= 1");
    }
    if (grpcPort < 0 || grpcPort > 65535) {
      throw new IllegalArgumentException("grpcPort must be 0..65535");
    }
    if (grpcThreads < 1) {
      throw new IllegalArgumentException("grpcThreads must be >= 1");
    }
    if (forecasterUrl.startsWith("https://") != (forecasterTls != null)) {
      throw new IllegalArgumentException("forecasterTls is needed exactly for an https:// URL");
    }
    if (replicasCap < 1) {
      throw new IllegalArgumentException("replicasCap must be >= 1");
    }
    if (grpcMaxConcurrentPerClient < 1 || grpcRateLimitPerClient < 0) {
      throw new IllegalArgumentException(
          "grpcMaxConcurrentPerClient must be >= 1 and grpcRateLimitPerClient >= 0");
    }
  }

  private static void requirePositive(String name, Duration d) {
    requireNotNegative(name, d);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
  }

  private static void requireNotNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0");
    }
  }
}
