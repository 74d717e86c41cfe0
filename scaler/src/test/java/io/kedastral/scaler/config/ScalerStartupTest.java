package io.kedastral.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.testing.TestCertificates;
import io.kedastral.scaler.testsupport.ScalerApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Start-up with bad settings stops the real application context with a readable message. */
@ExtendWith(OutputCaptureExtension.class)
class ScalerStartupTest {
  @TempDir static Path dir;

  /**
   * A CA with a server and a client certificate (PKCS#8 keys), the client key again as SEC1 ({@code
   * BEGIN EC PRIVATE KEY}), and a file that is no PEM.
   */
  @BeforeAll
  static void writeFiles() throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority("startup-ca");
    ca.writeCertificate(dir.resolve("ca.crt"));
    ca.server("localhost", "127.0.0.1").write(dir, "server");
    TestCertificates.Leaf client = ca.client("keda");
    client.write(dir, "client");
    // SEC1 as openssl writes it: the private scalar with the curve's OID
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(client.key().getEncoded());
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ECPrivateKey.getInstance(info.parsePrivateKey()).getKey(),
            info.getPrivateKeyAlgorithm().getParameters());
    try (JcaPEMWriter pem =
        new JcaPEMWriter(Files.newBufferedWriter(dir.resolve("client-sec1.key")))) {
      pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    assertThat(Files.readString(dir.resolve("client-sec1.key")))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
  }

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
        "TLS_ENABLED=maybe|TLS_ENABLED='maybe' is invalid: allowed is true or false",
        "TLS_ENABLED=true|TLS_ENABLED=true needs an https:// FORECASTER_URL, but FORECASTER_URL='http://localhost:8081'",
        "FORECASTER_URL=https://f:8081|FORECASTER_URL='https://f:8081' is https:// but TLS_ENABLED=false",
        "TLS_CERT_FILE=/c.pem|TLS_CERT_FILE='/c.pem' is invalid: allowed is unset while TLS_ENABLED=false",
        "TLS_CA_FILE=/ca.pem|TLS_CA_FILE='/ca.pem' is invalid: allowed is unset while TLS_ENABLED=false",
        "TLS_MIN_VERSION=1.1|TLS_MIN_VERSION='1.1' is invalid: allowed is 1.3 or 1.2",
        "TLS_MIN_VERSION=TLSv1.3|TLS_MIN_VERSION='TLSv1.3' is invalid: allowed is 1.3 or 1.2",
        "GRPC_TLS_KEY_FILE=/k.pem|GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together: GRPC_TLS_KEY_FILE='/k.pem' is set but GRPC_TLS_CERT_FILE is not",
        "GRPC_TLS_CERT_FILE=/c.pem|GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together: GRPC_TLS_CERT_FILE='/c.pem' is set but GRPC_TLS_KEY_FILE is not",
        "GRPC_TLS_CA_FILE=/ca.pem|GRPC_TLS_CA_FILE='/ca.pem' needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE",
        "REPLICAS_CAP=0|REPLICAS_CAP='0' is invalid: allowed is a whole number from 1 to 1000000",
        "REPLICAS_CAP=1000001|REPLICAS_CAP='1000001' is invalid: allowed is a whole number from 1 to 1000000",
        "REPLICAS_CAP=1e4|REPLICAS_CAP='1e4' is invalid",
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
        "FORECASTER_URL=http://f:{workload}|FORECASTER_URL='http://f:{workload}' is invalid: allowed is an http:// or https:// URL without query with {workload} only in the host or the path",
        "FORECASTER_URL=http://u{workload}@f:8081|{workload} only in the host or the path",
        "FORECASTER_URL=http://f-{workload}/{name}|{workload} only in the host or the path",
        "FORECASTER_URL=http://f-{workload}/?w={workload}|FORECASTER_URL='http://f-{workload}/?w={workload}' is invalid",
      })
  void stopsStartUpNamingTheVariable(String property, String message, CapturedOutput output) {
    assertThatThrownBy(() -> ScalerApp.startContext(property).close())
        .hasStackTraceContaining(message);
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", message);
  }

  /** {@code {dir}} in the settings and messages is the directory of {@link #writeFiles}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the forecaster client: missing, not a file, unparsable, mismatched
        "TLS_CA_FILE={dir}/nope.crt|TLS_CA_FILE='{dir}/nope.crt' is invalid: the file does not exist",
        "TLS_CA_FILE={dir}|TLS_CA_FILE='{dir}' is invalid: not a regular file",
        "TLS_CA_FILE={dir}/garbage.pem|TLS_CA_FILE='{dir}/garbage.pem' is invalid: holds no PEM certificate",
        "TLS_CA_FILE={dir}/client.key|TLS_CA_FILE='{dir}/client.key' is invalid: holds no PEM certificate",
        "TLS_CERT_FILE={dir}/client.crt|TLS_CERT_FILE and TLS_KEY_FILE go together: TLS_CERT_FILE='{dir}/client.crt' is set but TLS_KEY_FILE is not",
        "TLS_KEY_FILE={dir}/client.key|TLS_CERT_FILE and TLS_KEY_FILE go together: TLS_KEY_FILE='{dir}/client.key' is set but TLS_CERT_FILE is not",
        "TLS_CERT_FILE={dir}/client.crt,TLS_KEY_FILE={dir}/nope.key|TLS_KEY_FILE='{dir}/nope.key' is invalid: the file does not exist",
        "TLS_CERT_FILE={dir}/client.crt,TLS_KEY_FILE={dir}/garbage.pem|TLS_KEY_FILE='{dir}/garbage.pem' is invalid: holds no readable unencrypted PEM private key",
        "TLS_CERT_FILE={dir}/client.key,TLS_KEY_FILE={dir}/client.key|TLS_CERT_FILE='{dir}/client.key' is invalid: holds no PEM certificate",
        "TLS_CERT_FILE={dir}/client.crt,TLS_KEY_FILE={dir}/server.key|TLS_CERT_FILE='{dir}/client.crt' and TLS_KEY_FILE='{dir}/server.key' do not belong together",
        // the gRPC port
        "GRPC_TLS_CERT_FILE={dir}/nope.crt,GRPC_TLS_KEY_FILE={dir}/server.key|GRPC_TLS_CERT_FILE='{dir}/nope.crt' is invalid: the file does not exist",
        "GRPC_TLS_CERT_FILE={dir}/server.crt,GRPC_TLS_KEY_FILE={dir}/client.key|GRPC_TLS_CERT_FILE='{dir}/server.crt' and GRPC_TLS_KEY_FILE='{dir}/client.key' do not belong together",
        "GRPC_TLS_CERT_FILE={dir}/server.crt,GRPC_TLS_KEY_FILE={dir}/server.key,GRPC_TLS_CA_FILE={dir}/garbage.pem|GRPC_TLS_CA_FILE='{dir}/garbage.pem' is invalid: holds no PEM certificate",
      })
  void stopsStartUpNamingTheVariableAndTheFile(
      String properties, String message, CapturedOutput output) {
    String d = dir.toString();
    List<String> props = new ArrayList<>(List.of(properties.replace("{dir}", d).split(",")));
    if (props.stream().anyMatch(p -> p.startsWith("TLS_"))) {
      props.addAll(List.of("TLS_ENABLED=true", "FORECASTER_URL=https://localhost:8081"));
    }
    String expected = message.replace("{dir}", d);
    assertThatThrownBy(() -> ScalerApp.startContext(props.toArray(String[]::new)).close())
        .hasStackTraceContaining(expected);
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", expected);
  }

  @Test
  void startsWithEveryTlsSettingAndASec1Key() {
    String d = dir.toString();
    try (var ctx =
        ScalerApp.startContext(
            "FORECASTER_URL=https://localhost:8081",
            "TLS_ENABLED=TRUE",
            "TLS_MIN_VERSION=1.2",
            "TLS_CA_FILE=" + d + "/ca.crt",
            "TLS_CERT_FILE=" + d + "/client.crt",
            "TLS_KEY_FILE=" + d + "/client-sec1.key",
            "GRPC_TLS_CERT_FILE=" + d + "/server.crt",
            "GRPC_TLS_KEY_FILE=" + d + "/server.key",
            "GRPC_TLS_CA_FILE=" + d + "/ca.crt",
            "REPLICAS_CAP=1000000")) {
      ScalerSettings s = ctx.getBean(ScalerSettings.class);
      assertThat(s.forecasterTls())
          .isEqualTo(
              new ForecasterTls(
                  TlsVersion.TLS_1_2,
                  dir.resolve("ca.crt"),
                  dir.resolve("client.crt"),
                  dir.resolve("client-sec1.key")));
      assertThat(s.grpcTls())
          .isEqualTo(
              new GrpcTls(
                  dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt")));
      assertThat(s.replicasCap()).isEqualTo(1_000_000);
    }
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
  void acceptsAForecasterUrlTemplateWithOneServicePerWorkload() {
    String template = "http://kedastral-forecaster-{workload}.kedastral.svc:8081";
    try (var ctx = ScalerApp.startContext("FORECASTER_URL=" + template)) {
      assertThat(ctx.getBean(ScalerSettings.class).forecasterUrl()).isEqualTo(template);
      assertThat(ctx.getBean(io.kedastral.scaler.forecast.ForecastClient.class).uriFor("my-api"))
          .hasToString(
              "http://kedastral-forecaster-my-api.kedastral.svc:8081/forecast/current?workload=my-api");
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
      assertThat(s.forecasterTls()).isNull();
      assertThat(s.grpcTls()).isNull();
      assertThat(s.replicasCap()).isEqualTo(10_000);
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
