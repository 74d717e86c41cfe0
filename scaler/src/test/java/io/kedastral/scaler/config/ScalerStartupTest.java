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
