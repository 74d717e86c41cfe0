package io.kedastral.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {
  @TempDir Path dir;

  @Test
  void aServerCertificateIsSignedByItsAuthorityAndNamesItsHosts() throws Exception {
    var ca = TestCertificates.authority("test-ca");
    var files = ca.server("localhost", "127.0.0.1").write(dir, "server");
    X509Certificate cert = read(files.certificate());
    cert.verify(ca.certificate().getPublicKey());
    cert.checkValidity();
    assertThat(cert.getSubjectAlternativeNames()).hasSize(2);
    assertThat(Files.readString(files.key())).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void anotherAuthorityDoesNotVerifyIt() throws Exception {
    var leaf = TestCertificates.authority("a").client("c");
    var other = TestCertificates.authority("b");
    assertThatThrownBy(() -> leaf.certificate().verify(other.certificate().getPublicKey()))
        .isInstanceOf(java.security.SignatureException.class);
  }

  @Test
  void anExpiredCertificateIsExpired() {
    var leaf = TestCertificates.authority("a").expired("localhost");
    assertThatThrownBy(() -> leaf.certificate().checkValidity())
        .isInstanceOf(CertificateExpiredException.class);
  }

  private static X509Certificate read(Path file) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }
}
