package io.kedastral.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.scaler.testsupport.ScalerApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Start-up with bad settings stops the real application context with a readable message. */
@ExtendWith(OutputCaptureExtension.class)
class ScalerStartupTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "FORECASTER_URL=ftp://x|FORECASTER_URL='ftp://x' is invalid: allowed is an http:// or https:// URL",
        "FORECASTER_URL=http://f:8081/?workload=x|FORECASTER_URL='http://f:8081/?workload=x' is invalid",
        "LEAD_TIME=5 minutes|LEAD_TIME='5 minutes' is invalid: allowed is a duration of at least 0s",
        "STALE_AFTER=0s|STALE_AFTER='0s' is invalid: allowed is a duration of at least 1s",
        "CACHE_TTL=-1s|CACHE_TTL='-1s' is invalid",
        "LEAD_TIME=0s|STALE_AFTER must be set when LEAD_TIME is 0s",
        "GRPC_PORT=70000|GRPC_PORT='70000' is invalid: allowed is a whole number from 0 to 65535",
        "GRPC_THREADS=0|GRPC_THREADS='0' is invalid: allowed is a whole number from 1 to 1024",
        "GRPC_REFLECTION=yes|GRPC_REFLECTION='yes' is invalid: allowed is true or false",
        "FORECASTER_TIMEOUT=10ms|FORECASTER_TIMEOUT='10ms' is invalid: allowed is a duration of at least 100ms",
        "STREAM_INTERVAL=1x|STREAM_INTERVAL='1x' is invalid",
        "CACHE_MAX_WORKLOADS=0|CACHE_MAX_WORKLOADS='0' is invalid",
        "TLS_ENABLED=true|TLS_ENABLED='true' is invalid: allowed is false (TLS is not available in this version yet)",
        "TLS_CERT_FILE=/c.pem|TLS_CERT_FILE='/c.pem' is invalid: allowed is unset (TLS is not available in this version yet)",
        "GRPC_TLS_CERT_FILE=/c.pem|GRPC_TLS_CERT_FILE='/c.pem' is invalid: allowed is unset (TLS is not available in this version yet)",
        "GRPC_TLS_KEY_FILE=/k.pem|GRPC_TLS_KEY_FILE='/k.pem' is invalid",
        "GRPC_TLS_CA_FILE=/ca.pem|GRPC_TLS_CA_FILE='/ca.pem' is invalid",
        "LOG_FORMAT=xml|LOG_FORMAT='xml' is invalid: allowed is text or json",
        "LOG_LEVEL=loud|LOG_LEVEL='loud' is invalid",
        // boundaries: one past each limit, absurd numbers, empty and non-ASCII text
        "GRPC_PORT=65536|GRPC_PORT='65536' is invalid: allowed is a whole number from 0 to 65535",
        "GRPC_PORT=-1|GRPC_PORT='-1' is invalid",
        "GRPC_THREADS=1025|GRPC_THREADS='1025' is invalid: allowed is a whole number from 1 to 1024",
        "CACHE_MAX_WORKLOADS=1000001|CACHE_MAX_WORKLOADS='1000001' is invalid: allowed is a whole number from 1 to 1000000",
        "CACHE_MAX_WORKLOADS=99999999999999999999|CACHE_MAX_WORKLOADS='99999999999999999999' is invalid",
        "GRPC_MAX_CONCURRENT_PER_CLIENT=0|GRPC_MAX_CONCURRENT_PER_CLIENT='0' is invalid: allowed is a whole number from 1 to 100000",
        "GRPC_MAX_CONCURRENT_PER_CLIENT=100001|GRPC_MAX_CONCURRENT_PER_CLIENT='100001' is invalid",
        "GRPC_RATE_LIMIT_PER_CLIENT=-1|GRPC_RATE_LIMIT_PER_CLIENT='-1' is invalid: allowed is a whole number from 0 to 1000000",
        "GRPC_RATE_LIMIT_PER_CLIENT=1000001|GRPC_RATE_LIMIT_PER_CLIENT='1000001' is invalid",
        "GRPC_RATE_LIMIT_PER_CLIENT=ten|GRPC_RATE_LIMIT_PER_CLIENT='ten' is invalid",
        "FORECASTER_TIMEOUT=0s|FORECASTER_TIMEOUT='0s' is invalid: allowed is a duration of at least 100ms",
        "LEAD_TIME=-1s|LEAD_TIME='-1s' is invalid: allowed is a duration of at least 0s",
        "LEAD_TIME=999999999999h|LEAD_TIME='999999999999h' is invalid",
        "LEAD_TIME=PT9999999999999999H|LEAD_TIME='PT9999999999999999H' is invalid",
        "STALE_AFTER=999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w999999999w|is invalid: allowed is a duration",
        "CACHE_TTL=５s|CACHE_TTL='５s' is invalid",
        "FORECASTER_URL=|FORECASTER_URL='' is invalid",
        "FORECASTER_URL=http://ünïcödé host/|FORECASTER_URL='http://ünïcödé host/' is invalid",
      })
  void stopsStartUpNamingTheVariable(String property, String message, CapturedOutput output) {
    assertThatThrownBy(() -> ScalerApp.startContext(property).close())
        .hasStackTraceContaining(message);
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", message);
  }

  @Test
  void listsEveryProblemAtOnceAndOnlyTheRealOnes() {
    assertThatThrownBy(() -> ScalerApp.startContext("LEAD_TIME=x", "CACHE_TTL=y").close())
        .hasStackTraceContaining("LEAD_TIME='x'")
        .hasStackTraceContaining("CACHE_TTL='y'")
        .satisfies(
            e ->
                assertThat(e.toString() + e.getCause())
                    .doesNotContain("STALE_AFTER")
                    .doesNotContain("STREAM_INTERVAL"));
  }

  @Test
  void acceptsEachLimitAtItsMaximum() {
    try (var ctx =
        ScalerApp.startContext(
            "GRPC_THREADS=1024",
            "CACHE_MAX_WORKLOADS=1000000",
            "GRPC_MAX_CONCURRENT_PER_CLIENT=100000",
            "GRPC_RATE_LIMIT_PER_CLIENT=1000000",
            "LEAD_TIME=999999999w",
            "STALE_AFTER=999999999w")) {
      ScalerSettings s = ctx.getBean(ScalerSettings.class);
      assertThat(s.grpcThreads()).isEqualTo(1024);
      assertThat(s.cacheMaxWorkloads()).isEqualTo(1_000_000);
      assertThat(s.grpcMaxConcurrentPerClient()).isEqualTo(100_000);
      assertThat(s.grpcRateLimitPerClient()).isEqualTo(1_000_000);
      assertThat(s.leadTime()).isEqualTo(Duration.ofDays(7L * 999_999_999));
    }
  }

  @Test
  void acceptsLeadTimeZeroWithAnExplicitStaleAfter() {
    try (var ctx = ScalerApp.startContext("LEAD_TIME=0s", "STALE_AFTER=1m")) {
      assertThat(ctx.getBean(ScalerSettings.class).leadTime()).isZero();
    }
  }

  @Test
  void startsWithDefaultsDerivingStaleAfterFromLeadTime() {
    try (var ctx = ScalerApp.startContext()) {
      ScalerSettings s = ctx.getBean(ScalerSettings.class);
      assertThat(s.forecasterUrl()).hasToString("http://localhost:8081");
      assertThat(s.leadTime()).isEqualTo(Duration.ofMinutes(5));
      assertThat(s.staleAfter()).isEqualTo(Duration.ofMinutes(10));
      assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.streamInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.grpcReflection()).isFalse();
      assertThat(s.grpcMaxConcurrentPerClient()).isEqualTo(64);
      assertThat(s.grpcRateLimitPerClient()).isEqualTo(500);
    }
    try (var ctx = ScalerApp.startContext("LEAD_TIME=2m", "CACHE_TTL=0s")) {
      ScalerSettings s = ctx.getBean(ScalerSettings.class);
      assertThat(s.staleAfter()).isEqualTo(Duration.ofMinutes(4));
      assertThat(s.streamInterval()).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void writesJsonLogs(CapturedOutput output) {
    try (var ctx = ScalerApp.startContext("LOG_FORMAT=json")) {
      assertThat(ctx.isRunning()).isTrue();
    }
    assertThat(output.getOut())
        .contains("\"@timestamp\"", "\"log\":{\"level\":\"INFO\"")
        .containsPattern("\\{.*\"message\":\"gRPC ExternalScaler listening on port \\d+.*}");
  }
}
