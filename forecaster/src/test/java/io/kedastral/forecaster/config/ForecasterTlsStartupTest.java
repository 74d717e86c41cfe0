package io.kedastral.forecaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.PemFiles;
import io.kedastral.forecaster.ForecasterApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code TLS_ENABLED=true} with a bad file or port stops the real application with one message
 * naming the variable and the file, and no stack trace. {@code ${dir}} in a case is the directory
 * of the good files: {@code server.crt}/{@code .key}, {@code ca.crt}, {@code other.key} (a key of
 * another certificate), {@code garbage.txt} and the directory {@code sub}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForecasterTlsStartupTest {
  @TempDir static Path dir;

  @BeforeAll
  static void writeFiles() throws IOException {
    var ca = TestCertificates.authority("startup-ca");
    PemFiles server = ca.server("localhost").write(dir, "server");
    ca.writeCertificate(dir.resolve("ca.crt"));
    Files.move(ca.server("localhost").write(dir, "other").key(), dir.resolve("other.key"));
    Files.writeString(dir.resolve("garbage.txt"), "not a certificate\n");
    Files.createDirectories(dir.resolve("sub"));
    assertThat(server.certificate()).exists();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "TLS_CERT_FILE=${dir}/missing.crt"
            + "|TLS_CERT_FILE='${dir}/missing.crt' is invalid: the file does not exist",
        "TLS_KEY_FILE=${dir}/missing.key"
            + "|TLS_KEY_FILE='${dir}/missing.key' is invalid: the file does not exist",
        "TLS_CA_FILE=${dir}/missing-ca.crt"
            + "|TLS_CA_FILE='${dir}/missing-ca.crt' is invalid: the file does not exist",
        "TLS_CERT_FILE=${dir}/sub" + "|TLS_CERT_FILE='${dir}/sub' is invalid: not a regular file",
        "TLS_CERT_FILE=${dir}/garbage.txt"
            + "|TLS_CERT_FILE='${dir}/garbage.txt' is invalid: holds no PEM certificate",
        "TLS_KEY_FILE=${dir}/server.crt" + "|TLS_KEY_FILE='${dir}/server.crt' is invalid: holds no",
        "TLS_CA_FILE=${dir}/garbage.txt"
            + "|TLS_CA_FILE='${dir}/garbage.txt' is invalid: holds no PEM certificate",
        "TLS_KEY_FILE=${dir}/other.key"
            + "|TLS_KEY_FILE='${dir}/other.key' does not match TLS_CERT_FILE='${dir}/server.crt':"
            + " the key is not the private key of the certificate's public key",
        "TLS_CERT_FILE=|TLS_CERT_FILE is required with TLS_ENABLED=true",
        "TLS_KEY_FILE=|TLS_KEY_FILE is required with TLS_ENABLED=true",
        "TLS_MIN_VERSION=1.0|TLS_MIN_VERSION='1.0' is invalid: allowed is 1.3 (TLS 1.3 only) or 1.2",
        "MANAGEMENT_PORT=18081|MANAGEMENT_PORT='18081' is invalid: allowed is a port other than"
            + " SERVER_PORT (18081)",
        "MANAGEMENT_PORT=65536|MANAGEMENT_PORT='65536' is invalid: allowed is a whole number from 1"
            + " to 65535",
        "MANAGEMENT_PORT=0|MANAGEMENT_PORT='0' is invalid: allowed is a whole number from 1 to"
            + " 65535",
      })
  void stopsStartUpNamingTheVariableAndTheFile(
      String setting, String message, CapturedOutput output) {
    String expected = message.replace("${dir}", dir.toString());
    assertThatThrownBy(() -> start(setting.replace("${dir}", dir.toString())))
        .hasStackTraceContaining(expected);
    String printed = output.getOut() + output.getErr();
    assertThat(printed).contains("Invalid configuration:", expected);
    // the failure analyzer's list, not a stack trace of the SSL machinery
    assertThat(printed).doesNotContain("\tat org.springframework.boot.ssl");
  }

  @Test
  void theDefaultManagementPortMustNotBeTheApiPort(CapturedOutput output) {
    String expected =
        "MANAGEMENT_PORT is unset, so 8091 with TLS_ENABLED=true, which is SERVER_PORT";
    assertThatThrownBy(() -> start("SERVER_PORT=8091", "MANAGEMENT_PORT="))
        .hasStackTraceContaining(expected);
    assertThat(output.getOut() + output.getErr()).contains("Invalid configuration:", expected);
  }

  /** Starts with good TLS files, then {@code overrides}; closes the context if it started. */
  private static void start(String... overrides) {
    List<String> props =
        new ArrayList<>(
            List.of(
                "SERVER_PORT=18081",
                "MANAGEMENT_PORT=18091",
                "WORKLOAD=w",
                "METRIC=m",
                "ADAPTER=replay",
                "INTERVAL=1h",
                "TLS_ENABLED=true",
                "TLS_CERT_FILE=" + dir.resolve("server.crt"),
                "TLS_KEY_FILE=" + dir.resolve("server.key"),
                "TLS_CA_FILE=" + dir.resolve("ca.crt")));
    props.addAll(List.of(overrides));
    new SpringApplicationBuilder(ForecasterApplication.class)
        .properties(props.toArray(String[]::new))
        .run()
        .close();
  }
}
