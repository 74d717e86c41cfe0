package io.kedastral.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and leaf certificates made in memory with BouncyCastle, written as PEM
 * files, for TLS and mTLS tests. Keys are EC P-256 (fast to generate); certificates carry the key
 * usages a strict peer checks (serverAuth with SANs, clientAuth).
 *
 * <pre>{@code
 * var ca = TestCertificates.authority("test-ca");
 * var server = ca.server("localhost", "127.0.0.1");
 * server.write(dir, "server");           // server.crt, server.key
 * ca.writeCertificate(dir.resolve("ca.crt"));
 * }</pre>
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  /** A self-signed CA valid from an hour ago for two days. */
  public static Authority authority(String commonName) {
    try {
      KeyPair keys = keyPair();
      X500Name subject = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              keys.getPublic());
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /**
   * A TLS client or server context presenting {@code identity} (none when {@code null}) and
   * trusting only {@code trusted} (the JVM's trust store when {@code null}).
   */
  public static javax.net.ssl.SSLContext sslContext(Leaf identity, Authority trusted) {
    try {
      char[] password = "test".toCharArray();
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (identity != null) {
        keys.setKeyEntry(
            "identity",
            identity.key(),
            password,
            new java.security.cert.Certificate[] {identity.certificate()});
      }
      var kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      var tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      if (trusted == null) {
        tmf.init((java.security.KeyStore) null);
      } else {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted.certificate());
        tmf.init(trust);
      }
      var context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test SSLContext", e);
    }
  }

  /** A CA that signs leaf certificates. */
  public record Authority(X509Certificate certificate, PrivateKey key) {

    /** A server certificate for {@code names} (DNS names or IP literals), valid now. */
    public Leaf server(String... names) {
      return issue(names[0], List.of(names), KeyPurposeId.id_kp_serverAuth, validNow());
    }

    /** A client certificate with common name {@code commonName}, valid now. */
    public Leaf client(String commonName) {
      return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, validNow());
    }

    /** A certificate usable both as server (for {@code names}) and client, valid now. */
    public Leaf serverAndClient(String... names) {
      return issue(names[0], List.of(names), null, validNow());
    }

    /** A certificate for {@code names} (server and client use) that expired yesterday. */
    public Leaf expired(String... names) {
      Instant now = Instant.now();
      return issue(
          names[0],
          List.of(names),
          null,
          new Validity(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))));
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCertificate(Path file) {
      writePem(file, certificate);
      return file;
    }

    private Leaf issue(String cn, List<String> names, KeyPurposeId purpose, Validity validity) {
      try {
        KeyPair keys = keyPair();
        var builder =
            new JcaX509v3CertificateBuilder(
                certificate,
                serial(),
                Date.from(validity.from()),
                Date.from(validity.until()),
                new X500Name("CN=" + cn),
                keys.getPublic());
        var ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        KeyPurposeId[] purposes =
            purpose == null
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {purpose};
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        builder.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        if (!names.isEmpty()) {
          List<GeneralName> sans = new ArrayList<>();
          for (String name : names) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
          }
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        return new Leaf(sign(builder, key), keys.getPrivate(), this);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot issue a test certificate", e);
      }
    }
  }

  /** A leaf certificate, its private key and the CA that signed it. */
  public record Leaf(X509Certificate certificate, PrivateKey key, Authority issuer) {

    /** Writes {@code <name>.crt} and {@code <name>.key} (PKCS#8 PEM) into {@code dir}. */
    public PemFiles write(Path dir, String name) {
      Path cert = dir.resolve(name + ".crt");
      Path keyFile = dir.resolve(name + ".key");
      writeTo(cert, keyFile);
      return new PemFiles(cert, keyFile);
    }

    /** Writes the certificate and the key to the given files, replacing them atomically. */
    public void writeTo(Path certFile, Path keyFile) {
      writePem(keyFile, key);
      writePem(certFile, certificate);
    }
  }

  /** The two files a {@link Leaf} was written to. */
  public record PemFiles(Path certificate, Path key) {}

  private record Validity(Instant from, Instant until) {}

  private static Validity validNow() {
    Instant now = Instant.now();
    return new Validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)));
  }

  private static void writePem(Path file, Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      if (object instanceof PrivateKey key) {
        pem.writeObject(new JcaPKCS8Generator(key, null)); // "BEGIN PRIVATE KEY"
      } else {
        pem.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".pem", ".tmp");
      Files.writeString(tmp, text.toString());
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
