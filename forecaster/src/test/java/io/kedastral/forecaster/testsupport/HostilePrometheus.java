package io.kedastral.forecaster.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Prometheus stand-in on a raw loopback socket that answers {@code query_range} well or in one
 * hostile way at a time: a slowloris that dribbles the body or the headers one byte every 100 ms
 * without end, a body over the size limit, malformed JSON, or a matrix of {@code +Inf}/{@code NaN}.
 * A raw socket so that nothing between the test and the client buffers or completes the answer.
 */
public final class HostilePrometheus implements AutoCloseable {
  /** How to answer. */
  public enum Mode {
    GOOD,
    DRIBBLE_BODY,
    DRIBBLE_HEADERS,
    HUGE,
    MALFORMED,
    ALL_INF
  }

  private static final long HUGE_BYTES = 65L * 1024 * 1024;

  private final ServerSocket server;
  private final Map<Mode, AtomicInteger> served = new ConcurrentHashMap<>();
  private volatile Mode mode = Mode.GOOD;
  private volatile boolean closed;

  public HostilePrometheus() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("hostile-prometheus").start(this::acceptLoop);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** How many requests were answered in {@code mode}. */
  public int served(Mode mode) {
    return served.computeIfAbsent(mode, m -> new AtomicInteger()).get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> handle(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      String requestLine = readHead(in);
      Mode m = mode;
      served.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
      switch (m) {
        case GOOD -> complete(out, matrix(requestLine, "10"));
        case ALL_INF -> complete(out, matrix(requestLine, "+Inf"));
        case MALFORMED -> complete(out, "{\"status\":\"success\",\"data\":{\"resultType\":[1,");
        case DRIBBLE_HEADERS -> {
          out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
          dribble(out, (byte) 'X');
        }
        case DRIBBLE_BODY -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                      + "{\"status\":")
                  .getBytes(StandardCharsets.US_ASCII));
          dribble(out, (byte) ' ');
        }
        case HUGE -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                      + "{\"status\":\"success\",\"data\":")
                  .getBytes(StandardCharsets.US_ASCII));
          byte[] spaces = new byte[1 << 20];
          Arrays.fill(spaces, (byte) ' ');
          for (long sent = 0; sent < HUGE_BYTES; sent += spaces.length) {
            out.write(spaces);
          }
        }
      }
    } catch (IOException e) {
      // the client gave up: exactly what the hostile modes expect
    }
  }

  /** One byte every 100 ms until the client closes the connection (or 2 minutes pass). */
  private static void dribble(OutputStream out, byte b) throws IOException {
    for (int i = 0; i < 1200; i++) {
      out.write(b);
      out.flush();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void complete(OutputStream out, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  /** One series with {@code value} at every step of the requested range. */
  private static String matrix(String requestLine, String value) {
    Map<String, String> q = query(requestLine);
    double start = Double.parseDouble(q.getOrDefault("start", "0"));
    double end = Double.parseDouble(q.getOrDefault("end", "0"));
    double step = seconds(q.getOrDefault("step", "60s"));
    StringBuilder sb =
        new StringBuilder(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                + "\"values\":[");
    int n = 0;
    for (double t = start; t <= end && n < 20_000; t += step, n++) {
      if (n > 0) {
        sb.append(',');
      }
      sb.append('[').append(String.format(Locale.ROOT, "%.3f", t)).append(",\"");
      sb.append(value).append("\"]");
    }
    return sb.append("]}]}}").toString();
  }

  private static double seconds(String step) {
    if (step.endsWith("ms")) {
      return Double.parseDouble(step.substring(0, step.length() - 2)) / 1000;
    }
    return Double.parseDouble(step.endsWith("s") ? step.substring(0, step.length() - 1) : step);
  }

  private static Map<String, String> query(String requestLine) {
    Map<String, String> q = new HashMap<>();
    String[] parts = requestLine.split(" ");
    if (parts.length < 2 || !parts[1].contains("?")) {
      return q;
    }
    for (String kv : parts[1].substring(parts[1].indexOf('?') + 1).split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  /** Reads the request head (up to the blank line); returns the request line. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4 && head.size() < 64 * 1024) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int eol = text.indexOf("\r\n");
    return eol < 0 ? text : text.substring(0, eol);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
