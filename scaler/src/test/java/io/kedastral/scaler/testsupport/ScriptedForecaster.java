package io.kedastral.scaler.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A stand-in forecaster on a real loopback socket whose next answer a test sets: status, body and
 * an optional delay. It records every request URI, so tests can count fetches and check encoding.
 * The real forecaster is exercised by the end-to-end IT; this one makes the edge cases (5xx,
 * malformed JSON, slow answers) reproducible.
 */
public final class ScriptedForecaster implements AutoCloseable {
  private final HttpServer server;
  private final String prefix;
  private final List<URI> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 404;
  private volatile String body = "{\"error\":\"not found\"}";
  private volatile Duration delay = Duration.ZERO;

  public ScriptedForecaster() throws IOException {
    this("");
  }

  /** Serves under {@code prefix} (e.g. {@code /kedastral}); other paths answer 400. */
  public ScriptedForecaster(String prefix) throws IOException {
    this.prefix = prefix;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  public void answer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /** Answers 200 with {@code json}. */
  public void serve(String json) {
    answer(200, json);
  }

  public void delay(Duration delay) {
    this.delay = delay;
  }

  public List<URI> requests() {
    return List.copyOf(requests);
  }

  /** The snapshot JSON of the contract (SPEC §1.3), plus an unknown key a tolerant reader skips. */
  public static String snapshotJson(
      String workload, Instant generatedAt, long stepSeconds, int... replicas) {
    String values =
        IntStream.of(replicas).mapToObj(r -> (r * 10) + ".5").collect(Collectors.joining(","));
    String reps =
        IntStream.of(replicas).mapToObj(Integer::toString).collect(Collectors.joining(","));
    return "{\"workload\":\""
        + workload
        + "\",\"metric\":\"http_rps\",\"generatedAt\":\""
        + generatedAt
        + "\",\"stepSeconds\":"
        + stepSeconds
        + ",\"horizonSeconds\":"
        + stepSeconds * replicas.length
        + ",\"values\":["
        + values
        + "],\"desiredReplicas\":["
        + reps
        + "],\"model\":\"baseline(daily)\",\"quantiles\":{},\"somethingNew\":{\"a\":[1,2]}}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(exchange.getRequestURI());
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      boolean route = exchange.getRequestURI().getPath().equals(prefix + "/forecast/current");
      byte[] bytes = (route ? body : "{\"error\":\"wrong path\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(route ? status : 400, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up (timeout tests); nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
