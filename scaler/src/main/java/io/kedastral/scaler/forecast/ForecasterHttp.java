package io.kedastral.scaler.forecast;

import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.kedastral.scaler.config.ForecasterTls;
import io.kedastral.scaler.tls.ReloadingCredentials;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The JDK {@link HttpClient} the {@link ForecastClient} uses: no redirects, a connect timeout, and
 * for an {@code https://} forecaster an {@link SSLContext} with
 *
 * <ul>
 *   <li>a trust manager for {@code TLS_CA_FILE} (reloaded on change), or the JVM's trust store;
 *   <li>a key manager for {@code TLS_CERT_FILE}/{@code TLS_KEY_FILE} (mTLS, reloaded on change);
 *   <li>the protocols of {@code TLS_MIN_VERSION}.
 * </ul>
 *
 * Hostname verification stays on: the JDK client asks for HTTPS endpoint identification on every
 * connection and the CA trust manager verifies certificate and host name; nothing here turns either
 * off. When a certificate file changes, cached TLS sessions are dropped so the next connection
 * makes a full handshake with the new credentials instead of resuming the old session.
 */
public final class ForecasterHttp {
  private ForecasterHttp() {}

  /**
   * @param tls null for a plain {@code http://} forecaster
   * @param reloader runs the checks for changed certificate files
   * @param reloadPeriod how often the files are checked
   */
  public static HttpClient client(
      Duration timeout,
      ForecasterTls tls,
      ScheduledExecutorService reloader,
      Duration reloadPeriod) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      SSLContext context = sslContext(tls, reloader, reloadPeriod);
      SSLParameters parameters = context.getDefaultSSLParameters();
      parameters.setProtocols(tls.minVersion().protocols());
      builder.sslContext(context).sslParameters(parameters);
    }
    return builder.build();
  }

  private static SSLContext sslContext(
      ForecasterTls tls, ScheduledExecutorService reloader, Duration period) {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM offers no TLS", e);
    }
    Runnable forgetSessions = () -> forgetSessions(context.getClientSessionContext());
    KeyManager[] keys = null;
    if (tls.mutual()) {
      keys =
          new KeyManager[] {
            ReloadingCredentials.keyManager(
                "TLS_CERT_FILE",
                tls.certFile(),
                "TLS_KEY_FILE",
                tls.keyFile(),
                reloader,
                period,
                forgetSessions)
          };
    }
    TrustManager[] trust = null; // the JVM's default trust store
    if (tls.caFile() != null) {
      trust =
          new TrustManager[] {
            ReloadingCredentials.trustManager(
                "TLS_CA_FILE",
                tls.caFile(),
                Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION,
                reloader,
                period,
                forgetSessions)
          };
    }
    try {
      context.init(keys, trust, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS towards the forecaster", e);
    }
    return context;
  }

  private static void forgetSessions(SSLSessionContext sessions) {
    for (byte[] id : Collections.list(sessions.getIds())) {
      var session = sessions.getSession(id);
      if (session != null) {
        session.invalidate();
      }
    }
  }
}
