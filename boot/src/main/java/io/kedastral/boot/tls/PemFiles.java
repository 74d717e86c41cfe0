package io.kedastral.boot.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * Reads the PEM files of the TLS settings of both applications, at start-up (through their settings
 * parsers) and on every reload (the scaler's {@code ReloadingCredentials}), with Spring Boot's PEM
 * parser (the one its SSL bundles use), so start-up, reloads and the web server accept and reject
 * exactly the same files. Certificates are {@code BEGIN CERTIFICATE} blocks (a chain, leaf first);
 * keys are whatever Spring Boot's PEM support reads: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted. Every
 * failure is an {@link InvalidPemException} whose message names the variable and the file.
 */
public final class PemFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PemFiles() {}

  /** A certificate chain and the private key of its first certificate. */
  public record Identity(List<X509Certificate> chain, PrivateKey key) {
    public Identity {
      chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
      return chain.getFirst();
    }
  }

  /** A file named by a setting could not be used; the message names the variable and file. */
  public static final class InvalidPemException extends RuntimeException {
    InvalidPemException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The certificates in {@code file} (at least one).
   *
   * @param variable the setting that named the file, for the message
   */
  public static List<X509Certificate> certificates(String variable, Path file) {
    PemContent pem = load(variable, file);
    List<X509Certificate> certs;
    try {
      certs = pem.getCertificates();
    } catch (RuntimeException e) {
      throw invalid(
          variable, file, "holds no PEM certificate (BEGIN CERTIFICATE): " + rootMessage(e), e);
    }
    if (certs.isEmpty()) {
      throw invalid(variable, file, "holds no PEM certificate (BEGIN CERTIFICATE)", null);
    }
    return certs;
  }

  /** The private key in {@code file}. */
  public static PrivateKey privateKey(String variable, Path file) {
    PemContent pem = load(variable, file);
    PrivateKey key;
    try {
      key = pem.getPrivateKey();
    } catch (RuntimeException e) {
      throw invalid(
          variable,
          file,
          "holds no readable unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1): "
              + rootMessage(e),
          e);
    }
    if (key == null) {
      throw invalid(variable, file, "holds no PEM private key (BEGIN PRIVATE KEY)", null);
    }
    return key;
  }

  /**
   * The certificate chain of {@code certFile} and the key of {@code keyFile}, checked to belong
   * together (the key signs, the certificate's public key verifies).
   */
  public static Identity identity(
      String certVariable, Path certFile, String keyVariable, Path keyFile) {
    List<X509Certificate> chain = certificates(certVariable, certFile);
    PrivateKey key = privateKey(keyVariable, keyFile);
    if (!matches(chain.getFirst(), key)) {
      throw new InvalidPemException(
          certVariable
              + "='"
              + certFile
              + "' and "
              + keyVariable
              + "='"
              + keyFile
              + "' do not belong together: the key is not the private key of the certificate "
              + chain.getFirst().getSubjectX500Principal().getName(),
          null);
    }
    return new Identity(chain, key);
  }

  private static PemContent load(String variable, Path file) {
    if (!Files.exists(file)) {
      throw invalid(variable, file, "the file does not exist", null);
    }
    if (!Files.isRegularFile(file)) {
      throw invalid(variable, file, "not a regular file", null);
    }
    if (!Files.isReadable(file)) {
      throw invalid(variable, file, "the file is not readable by this process", null);
    }
    try {
      return PemContent.load(file);
    } catch (IOException | RuntimeException e) {
      throw invalid(variable, file, "cannot be read: " + rootMessage(e), e);
    }
  }

  /**
   * True when {@code key} is the private half of the certificate's public key: random bytes it
   * signs verify with the certificate.
   */
  public static boolean matches(X509Certificate certificate, PrivateKey key) {
    PublicKey publicKey = certificate.getPublicKey();
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own name
        };
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // another algorithm or curve: not the certificate's key
    }
  }

  private static InvalidPemException invalid(
      String variable, Path file, String reason, Throwable cause) {
    return new InvalidPemException(variable + "='" + file + "' is invalid: " + reason, cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
