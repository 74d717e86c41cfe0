package io.kedastral.scaler.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The real forecaster, run from its jar as a separate process on a loopback port. The jar path
 * comes from the system property {@code kedastral.forecaster.jar} (set by the build); a missing jar
 * fails the test with a message saying how to build it, never a skip.
 */
public final class ForecasterProcess implements AutoCloseable {
  private static final Pattern REQUESTS =
      Pattern.compile(
          "(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"/forecast/current\"[^}]*} (\\d+)");

  private final Path jar;
  private final int port;
  private final Path log;
  private final HttpClient http;
  private final boolean https;
  private final int managementPort;
  private final HttpClient plain = HttpClient.newHttpClient();
  private Process process;

  private ForecasterProcess(
      Path jar, int port, Path log, HttpClient http, boolean https, int managementPort) {
    this.jar = jar;
    this.port = port;
    this.log = log;
    this.http = http;
    this.https = https;
    this.managementPort = managementPort;
  }

  /**
   * The end-to-end tests' forecaster: the bundled trace replayed at 5-minute steps, a 1-hour
   * horizon, one tick an hour (so its one snapshot stays fixed while a test compares values), 20
   * per pod and a 10-minute lead time.
   */
  public static Map<String, String> replayEnv(String workload) {
    return Map.of(
        "WORKLOAD", workload,
        "METRIC", "tweets_per_5m",
        "ADAPTER", "replay",
        "STEP", "5m",
        "HORIZON", "1h",
        "INTERVAL", "1h",
        "TARGET_PER_POD", "20",
        "LEAD_TIME", "10m");
  }

  /** A forecaster on a free port, not started yet. */
  public static ForecasterProcess onFreePort(Path logDir) throws IOException {
    return onFreePort(logDir, null);
  }

  /**
   * A forecaster on a free port, not started yet, reached over HTTPS with {@code tls} (the caller
   * passes the forecaster's {@code TLS_*} variables to {@link #start}); {@code null} = plain HTTP.
   */
  public static ForecasterProcess onFreePort(Path logDir, SSLContext tls) throws IOException {
    String prop = System.getProperty("kedastral.forecaster.jar");
    if (prop == null || !Files.isRegularFile(Path.of(prop))) {
      throw new IllegalStateException(
          "forecaster jar not found at kedastral.forecaster.jar="
              + prop
              + "; build it first: ./mvnw -B -pl scaler -am verify (or package the forecaster)");
    }
    int port = freePort();
    int managementPort = tls == null ? port : freePort();
    Files.createDirectories(logDir);
    HttpClient http =
        tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls).build();
    return new ForecasterProcess(
        Path.of(prop),
        port,
        logDir.resolve("forecaster-" + port + ".log"),
        http,
        tls != null,
        managementPort);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The API's base URL; over HTTPS the host is {@code localhost}, the name in test certificates.
   */
  public URI baseUrl() {
    return URI.create(https ? "https://localhost:" + port : "http://127.0.0.1:" + port);
  }

  /** Starts {@code java -jar forecaster.jar} with {@code env} and waits for its first snapshot. */
  public void start(Map<String, String> env, String workload) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    if (https) {
      pb.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
    }
    process = pb.start();
    await("first snapshot of the forecaster (log: " + log + ")")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> alive() && get("/forecast/current?workload=" + workload).statusCode() == 200);
  }

  /** Kills the process (SIGKILL: a crash, no graceful shutdown) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean alive() {
    if (process != null && !process.isAlive()) {
      throw new IllegalStateException(
          "the forecaster exited with " + process.exitValue() + "; see " + log);
    }
    return process != null;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the management port (plain HTTP; the API port itself when TLS is off). */
  public HttpResponse<String> getManagement(String path) throws IOException, InterruptedException {
    if (!https) {
      return get(path);
    }
    return plain.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Requests to {@code /forecast/current} the forecaster has served, from its own metrics. */
  public long forecastRequests() throws IOException, InterruptedException {
    Matcher m = REQUESTS.matcher(getManagement("/metrics").body());
    long total = 0;
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  public File logFile() {
    return log.toFile();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
