package io.kedastral.forecaster.config;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Logs the certificate the API port serves at start-up and again each time Spring Boot re-reads the
 * {@code TLS_*} files (which it does silently), so an operator sees a rotation take effect.
 */
public final class TlsCertificateLog implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(TlsCertificateLog.class);

  private final ServerSettings.Tls tls;
  private final SslBundles bundles;

  public TlsCertificateLog(ServerSettings.Tls tls, SslBundles bundles) {
    this.tls = tls;
    this.bundles = bundles;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String bundle = ServerEnvironmentPostProcessor.BUNDLE;
    log.info(
        "HTTPS on the API port with {}, TLS {}+, {}",
        describe(bundles.getBundle(bundle)),
        tls.minVersion(),
        tls.mutual()
            ? "client certificates signed by TLS_CA_FILE required (mTLS)"
            : "no client certificates asked for");
    warnIfExpired(bundles.getBundle(bundle));
    bundles.addBundleUpdateHandler(
        bundle,
        b -> {
          log.info("TLS files re-read: now serving {}", describe(b));
          warnIfExpired(b);
        });
  }

  /** An expired certificate is served (cert-manager may be late), but clients will refuse it. */
  private static void warnIfExpired(SslBundle bundle) {
    X509Certificate cert = certificate(bundle);
    if (cert != null && cert.getNotAfter().toInstant().isBefore(Instant.now())) {
      log.warn(
          "the certificate of TLS_CERT_FILE expired at {}: clients will refuse the API port until"
              + " it is renewed",
          cert.getNotAfter().toInstant());
    }
  }

  private static String describe(SslBundle bundle) {
    X509Certificate cert = certificate(bundle);
    return cert == null
        ? "no readable certificate"
        : "certificate '%s' serial %s valid until %s"
            .formatted(
                cert.getSubjectX500Principal().getName(),
                cert.getSerialNumber().toString(16),
                cert.getNotAfter().toInstant());
  }

  private static X509Certificate certificate(SslBundle bundle) {
    try {
      KeyStore store = bundle.getStores().getKeyStore();
      for (String alias : Collections.list(store.aliases())) {
        if (store.getCertificate(alias) instanceof X509Certificate cert) {
          return cert;
        }
      }
    } catch (KeyStoreException | RuntimeException e) {
      log.debug("cannot read the served certificate", e);
    }
    return null;
  }
}
