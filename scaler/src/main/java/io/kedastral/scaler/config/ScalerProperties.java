package io.kedastral.scaler.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scaler's settings as written by the operator: raw text bound from the environment variables
 * of SPEC §3.1 through {@code application.yaml}. {@link SettingsParser} validates every value into
 * {@link ScalerSettings}; the raw text is kept so an error can quote exactly what was given.
 */
@ConfigurationProperties("kedastral")
public record ScalerProperties(
    String forecasterUrl,
    String forecasterTimeout,
    String leadTime,
    String staleAfter,
    String cacheTtl,
    String cacheMaxWorkloads,
    String streamInterval,
    String grpcPort,
    String grpcThreads,
    String grpcReflection,
    String tlsEnabled,
    String tlsCertFile,
    String tlsKeyFile,
    String tlsCaFile,
    String grpcTlsCertFile,
    String grpcTlsKeyFile,
    String grpcTlsCaFile,
    String tlsMinVersion,
    String replicasCap,
    String grpcMaxConcurrentPerClient,
    String grpcRateLimitPerClient) {}
