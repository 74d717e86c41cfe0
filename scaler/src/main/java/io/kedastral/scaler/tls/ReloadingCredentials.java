package io.kedastral.scaler.tls;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.kedastral.boot.tls.PemFiles;
import io.kedastral.boot.tls.PemFiles.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key and trust managers that follow their PEM files without a restart (cert-manager rewrites a
 * Secret's files in place). They are grpc-java's {@link AdvancedTlsX509KeyManager} and {@link
 * AdvancedTlsX509TrustManager}, which swap their credentials atomically and work in a JDK {@code
 * SSLContext} as well as in gRPC's {@code TlsServerCredentials}; the files are read by {@link
 * PemFiles}, like at start-up, because grpc-java's own file loader reads only PKCS#8 keys and
 * checks at most once a minute.
 *
 * <p>Every {@code period} the files' real path (a Kubernetes Secret volume swaps a symlink),
 * modification time and size are compared with the last look; on a change they are read again. A
 * set that cannot be used (half written, cert and key not matching yet) is logged at WARN and the
 * previous credentials stay in use until the next change. New TLS connections use the new
 * credentials; open connections keep theirs.
 */
public final class ReloadingCredentials {
  /** How often the files are looked at: a few stat calls, far below cert-manager's renewal lead. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ReloadingCredentials.class);

  private ReloadingCredentials() {}

  /**
   * A key manager serving the chain of {@code certFile} with the key of {@code keyFile}, loaded now
   * (an invalid pair throws {@link PemFiles.InvalidPemException}) and reloaded on change.
   *
   * @param onChange run after each successful reload (e.g. to drop cached TLS sessions)
   */
  public static AdvancedTlsX509KeyManager keyManager(
      String certVariable,
      Path certFile,
      String keyVariable,
      Path keyFile,
      ScheduledExecutorService scheduler,
      Duration period,
      Runnable onChange) {
    AdvancedTlsX509KeyManager manager = new AdvancedTlsX509KeyManager();
    Supplier<Identity> read = () -> PemFiles.identity(certVariable, certFile, keyVariable, keyFile);
    Identity first = read.get();
    manager.updateIdentityCredentials(first.chain().toArray(X509Certificate[]::new), first.key());
    watch(
        certVariable + "/" + keyVariable,
        List.of(certFile, keyFile),
        () -> {
          Identity next = read.get();
          manager.updateIdentityCredentials(
              next.chain().toArray(X509Certificate[]::new), next.key());
          return describe(next.leaf());
        },
        scheduler,
        period,
        onChange);
    return manager;
  }

  /**
   * A trust manager accepting peers whose chain ends at a certificate of {@code caFile}, loaded now
   * and reloaded on change.
   *
   * @param verification {@code CERTIFICATE_AND_HOST_NAME_VERIFICATION} for a client checking a
   *     server, {@code CERTIFICATE_ONLY_VERIFICATION} for a server checking clients
   */
  public static AdvancedTlsX509TrustManager trustManager(
      String caVariable,
      Path caFile,
      Verification verification,
      ScheduledExecutorService scheduler,
      Duration period,
      Runnable onChange) {
    AdvancedTlsX509TrustManager manager;
    try {
      manager = AdvancedTlsX509TrustManager.newBuilder().setVerification(verification).build();
      updateTrust(manager, PemFiles.certificates(caVariable, caFile));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust manager for " + caVariable, e);
    }
    watch(
        caVariable,
        List.of(caFile),
        () -> {
          List<X509Certificate> cas = PemFiles.certificates(caVariable, caFile);
          updateTrust(manager, cas);
          return cas.size() + " CA certificate(s), first " + describe(cas.getFirst());
        },
        scheduler,
        period,
        onChange);
    return manager;
  }

  private static void updateTrust(AdvancedTlsX509TrustManager manager, List<X509Certificate> cas) {
    try {
      manager.updateTrustCredentials(cas.toArray(X509Certificate[]::new));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the CA certificates: " + e.getMessage(), e);
    }
  }

  private static void watch(
      String what,
      List<Path> files,
      Supplier<String> reload,
      ScheduledExecutorService scheduler,
      Duration period,
      Runnable onChange) {
    Watch w = new Watch(what, files, reload, onChange);
    scheduler.scheduleWithFixedDelay(
        w::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String describe(X509Certificate c) {
    return c.getSubjectX500Principal().getName()
        + " serial "
        + c.getSerialNumber().toString(16)
        + " valid until "
        + c.getNotAfter().toInstant();
  }

  /** The files of one credential and what they looked like at the last check. */
  private static final class Watch {
    private final String what;
    private final List<Path> files;
    private final Supplier<String> reload;
    private final Runnable onChange;
    private String stamp;

    Watch(String what, List<Path> files, Supplier<String> reload, Runnable onChange) {
      this.what = what;
      this.files = files;
      this.reload = reload;
      this.onChange = onChange;
      this.stamp = stamp();
    }

    /** Runs on the scheduler; never throws, or the scheduler would stop calling it. */
    void check() {
      String now = stamp();
      if (now.equals(stamp)) {
        return;
      }
      stamp = now;
      try {
        String loaded = reload.get();
        onChange.run();
        log.info("reloaded TLS credentials {}: {}", what, loaded);
      } catch (RuntimeException e) {
        log.warn(
            "cannot reload TLS credentials {} ({}); keeping the previous ones until the files"
                + " change again",
            what,
            e.getMessage());
      }
    }

    private String stamp() {
      StringBuilder s = new StringBuilder();
      for (Path f : files) {
        try {
          s.append(f.toRealPath())
              .append('@')
              .append(Files.getLastModifiedTime(f).toInstant())
              .append('/')
              .append(Files.size(f));
        } catch (IOException e) {
          s.append(f).append("@missing");
        }
        s.append(';');
      }
      return s.toString();
    }
  }
}
