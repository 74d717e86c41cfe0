package io.kedastral.forecaster.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed server certificate made with the {@code openssl} binary, for TLS tests. */
final class SelfSignedCertificate {
  static final String CERT = "redis.crt";
  static final String KEY = "redis.key";

  private SelfSignedCertificate() {}

  /** Writes {@link #CERT} and {@link #KEY} into {@code dir}, valid for {@code host}. */
  static void create(Path dir, String host) {
    String san =
        host.matches("[0-9.]+")
            ? "subjectAltName=IP:" + host + ",DNS:localhost"
            : "subjectAltName=DNS:" + host + ",DNS:localhost";
    ProcessBuilder openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=kedastral-test-redis",
                "-addext",
                san,
                "-keyout",
                dir.resolve(KEY).toString(),
                "-out",
                dir.resolve(CERT).toString())
            .redirectErrorStream(true);
    try {
      Process p = openssl.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("openssl failed to make a test certificate:\n" + output);
      }
      // the key must be readable by the container's redis user in Docker mode
      dir.resolve(KEY).toFile().setReadable(true, false);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run openssl (apt-get install -y openssl) to make a test certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An unconnected TLS socket that trusts only the certificate in {@code caFile}. */
  static Socket socket(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory().createSocket();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }
}
