package io.kedastral.scaler.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kedastral.core.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A stand-in forecaster speaking HTTPS on a real loopback socket (JDK {@link HttpsServer}): it
 * presents {@code certificate} and, when given a {@code clientCa}, requires a client certificate
 * that CA signed (client auth "need", as the forecaster with {@code TLS_CA_FILE}). It answers every
 * request with one body and records the serial number of the client certificate of each request.
 * Every answer closes the connection, so each fetch makes a new TLS handshake.
 */
public final class HttpsForecaster implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<BigInteger> clientSerials = new CopyOnWriteArrayList<>();
  private volatile String body = "{}";

  /**
   * @param certificate the server's certificate and key
   * @param clientCa CA whose client certificates are required; null = no client certificate asked
   * @param protocols the TLS versions offered, e.g. {@code TLSv1.3}
   */
  public HttpsForecaster(
      TestCertificates.Leaf certificate, TestCertificates.Authority clientCa, String... protocols)
      throws Exception {
    SSLContext context = TestCertificates.sslContext(certificate, clientCa);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setNeedClientAuth(clientCa != null);
            if (protocols.length > 0) {
              p.setProtocols(protocols);
            }
            params.setSSLParameters(p);
          }
        });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code https://<host>:<port>}; the host must be a name in the server certificate. */
  public URI baseUrl(String host) {
    return URI.create("https://" + host + ":" + server.getAddress().getPort());
  }

  /** Answers 200 with {@code json} from now on. */
  public void serve(String json) {
    this.body = json;
  }

  /** The client certificate serial of every request answered (null: none presented). */
  public List<BigInteger> clientSerials() {
    return List.copyOf(clientSerials);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      clientSerials.add(clientSerial((HttpsExchange) exchange));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static BigInteger clientSerial(HttpsExchange exchange) {
    try {
      Certificate[] peer = exchange.getSSLSession().getPeerCertificates();
      return ((X509Certificate) peer[0]).getSerialNumber();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
