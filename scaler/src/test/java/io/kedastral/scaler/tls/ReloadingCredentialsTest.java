package io.kedastral.scaler.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.kedastral.boot.tls.PemFiles;
import io.kedastral.core.testing.TestCertificates;
import io.kedastral.core.testing.TestCertificates.Authority;
import io.kedastral.core.testing.TestCertificates.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The reloading key manager on real files: what it serves before, during and after a rotation. */
@ExtendWith(OutputCaptureExtension.class)
class ReloadingCredentialsTest {
  @TempDir Path dir;
  private final Authority ca = TestCertificates.authority("reload-ca");
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger changes = new AtomicInteger();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private AdvancedTlsX509KeyManager start(Path cert, Path key) {
    return ReloadingCredentials.keyManager(
        "GRPC_TLS_CERT_FILE",
        cert,
        "GRPC_TLS_KEY_FILE",
        key,
        scheduler,
        Duration.ofMillis(50),
        changes::incrementAndGet);
  }

  private static X509Certificate served(AdvancedTlsX509KeyManager keys) {
    String alias = keys.chooseEngineServerAlias("EC", null, null);
    return keys.getCertificateChain(alias)[0];
  }

  @Test
  void servesTheRotatedPairOnlyOnceCertificateAndKeyBelongTogether(CapturedOutput output)
      throws Exception {
    Leaf first = ca.server("localhost");
    var files = first.write(dir, "server");
    AdvancedTlsX509KeyManager keys = start(files.certificate(), files.key());
    assertThat(served(keys)).isEqualTo(first.certificate());

    Leaf second = ca.server("localhost");
    Path stagedKey = dir.resolve("staged.key");
    second.writeTo(dir.resolve("staged.crt"), stagedKey);
    // the certificate arrives first: it does not match the old key, so the old pair stays
    Files.copy(dir.resolve("staged.crt"), files.certificate(), StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("cannot reload"));
    assertThat(served(keys)).isEqualTo(first.certificate());
    assertThat(changes).hasValue(0);
    assertThat(output.getAll()).contains("do not belong together", "keeping the previous ones");

    Files.copy(stagedKey, files.key(), StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> served(keys).equals(second.certificate()));
    assertThat(changes).hasValue(1);
    assertThat(output.getAll())
        .contains("reloaded TLS credentials GRPC_TLS_CERT_FILE/GRPC_TLS_KEY_FILE");
  }

  @Test
  void keepsServingWhileTheKeyIsGoneAndRefusesToStartWithout(CapturedOutput output)
      throws Exception {
    Leaf first = ca.server("localhost");
    var files = first.write(dir, "server");
    AdvancedTlsX509KeyManager keys = start(files.certificate(), files.key());
    Files.delete(files.key());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> output.getAll().contains("the file does not exist); keeping the previous"));
    assertThat(served(keys)).isEqualTo(first.certificate());
    assertThatThrownBy(() -> start(files.certificate(), files.key()))
        .isInstanceOf(PemFiles.InvalidPemException.class)
        .hasMessage("GRPC_TLS_KEY_FILE='" + files.key() + "' is invalid: the file does not exist");
  }
}
