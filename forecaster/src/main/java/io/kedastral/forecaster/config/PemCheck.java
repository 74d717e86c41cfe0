package io.kedastral.forecaster.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads the PEM files of {@code TLS_*} at start-up with the same parser as Spring Boot's PEM SSL
 * bundle, so a file that passes here is one the web server can load. Each method returns what it
 * read, or null after telling the caller why not through {@link Problem}.
 */
final class PemCheck {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PemCheck() {}

  /** Receives the reason a file was refused, e.g. {@code no such file}. */
  @FunctionalInterface
  interface Problem {
    void report(String reason);
  }

  /** The certificates in {@code file}: at least one, or null. */
  static List<X509Certificate> certificates(Path file, Problem problem) {
    PemContent pem = read(file, problem);
    if (pem == null) {
      return null;
    }
    try {
      List<X509Certificate> certificates = pem.getCertificates();
      if (!certificates.isEmpty()) {
        return certificates;
      }
    } catch (RuntimeException e) {
      problem.report("it is not a PEM certificate: " + e.getMessage());
      return null;
    }
    problem.report("it holds no PEM certificate");
    return null;
  }

  /** The private key in {@code file} (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted), or null. */
  static PrivateKey privateKey(Path file, Problem problem) {
    PemContent pem = read(file, problem);
    if (pem == null) {
      return null;
    }
    try {
      PrivateKey key = pem.getPrivateKey();
      if (key != null) {
        return key;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    problem.report("it holds no unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)");
    return null;
  }

  /**
   * True when {@code key} is the private half of the certificate's public key: a signature made
   * with it verifies with the certificate.
   */
  static boolean matches(X509Certificate certificate, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      // a key type we cannot sign with here: at least the algorithms must agree
      return key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm());
    }
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static PemContent read(Path file, Problem problem) {
    if (!Files.exists(file)) {
      problem.report("no such file");
      return null;
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      problem.report("not a readable file");
      return null;
    }
    try {
      return PemContent.load(file);
    } catch (IOException | RuntimeException e) {
      problem.report("cannot read it: " + e.getMessage());
      return null;
    }
  }
}
