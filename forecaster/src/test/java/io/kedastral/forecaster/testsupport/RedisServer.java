package io.kedastral.forecaster.testsupport;

import io.kedastral.core.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;

/**
 * A real, private Redis for integration tests, started before the test class and stopped after it:
 * in Docker ({@value #IMAGE}) when a Docker engine is available, otherwise the local {@code
 * redis-server} binary on a free loopback port. Either way it requires a password ({@code
 * --requirepass}) and persists nothing ({@code --save ""}), so a {@link #restart()} starts empty,
 * like a Redis without persistence after a crash. The system Redis on 6379 is never used. When
 * neither Docker nor the binary is there, the tests fail with how to install it (never skipped).
 * System property {@code kedastral.redis=local|docker} forces one way.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer redis = new RedisServer();
 * redis.address();   // 127.0.0.1:<port>
 * redis.kill();      // SIGKILL: connections drop, new ones are refused
 * redis.restart();   // same port, empty
 * }</pre>
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {
  static final String IMAGE = "redis:7.4-alpine";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final String INSTALL_HINT =
      "install redis: apt-get install -y redis-server (provides /usr/bin/redis-server), or start a"
          + " Docker engine so that "
          + IMAGE
          + " can be used";

  private final String password = "it-" + Long.toHexString(System.nanoTime()) + "-secret";
  private final boolean tls;
  private int port;
  private boolean docker;
  private Path dir;
  private TestCertificates.Authority authority;

  /** The TLS files, in {@code dir}: Redis' certificate and key, and the CA that signed it. */
  private static final String CERT = "redis.crt";

  private static final String KEY = "redis.key";
  private static final String CA = "ca.crt";
  private volatile Process process;
  private GenericContainer<?> container;

  /** A Redis on plain TCP. */
  public RedisServer() {
    this(false);
  }

  private RedisServer(boolean tls) {
    this.tls = tls;
  }

  /**
   * A Redis that speaks only TLS, with a self-signed certificate for 127.0.0.1 and localhost made
   * by {@code openssl} at start-up ({@link #caFile()}); clients need no certificate of their own.
   */
  public static RedisServer withTls() {
    return new RedisServer(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    docker = LocalServers.useDocker("kedastral.redis", INSTALL_HINT, "redis-server");
    port = LocalServers.freePort();
    try {
      dir = Files.createTempDirectory("kedastral-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tls) {
      authority = TestCertificates.authority("kedastral-test-redis-ca");
      authority.writeCertificate(dir.resolve(CA));
      authority.server(host(), "localhost").write(dir, "redis");
      // the key must be readable by the container's redis user in Docker mode
      dir.resolve(KEY).toFile().setReadable(true, false);
    }
    launch();
  }

  /** The PEM certificate that verifies this server (TLS only). */
  public Path caFile() {
    return dir.resolve(CA);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    kill();
    if (container != null) {
      container.close();
      container = null;
    }
    LocalServers.deleteRecursively(dir);
  }

  public String host() {
    return docker ? DockerClientFactory.instance().dockerHostIpAddress() : "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, the form of {@code REDIS_ADDR}. */
  public String address() {
    return host() + ":" + port;
  }

  public String password() {
    return password;
  }

  /** Kills Redis at once (SIGKILL): connections drop, new ones are refused. Idempotent. */
  public synchronized void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (container != null && container.isRunning()) {
      DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
    }
  }

  /** Starts Redis again on the same port, empty; returns when it answers {@code PING}. */
  public synchronized void restart() {
    kill();
    if (container != null) {
      DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
      awaitReady();
    } else {
      launch();
    }
  }

  /**
   * Sends one command with {@code redis-cli}-like framing and returns the raw RESP reply, e.g.
   * {@code "+PONG"}; for test set-up and assertions that must not depend on the code under test.
   */
  public String command(String... args) {
    try (Socket socket =
        tls
            ? TestCertificates.sslContext(null, authority).getSocketFactory().createSocket()
            : new Socket()) {
      socket.connect(new InetSocketAddress(host(), port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(resp("AUTH", password));
      out.write(resp(args));
      out.flush();
      InputStream in = socket.getInputStream();
      String auth = readReply(in);
      if (!auth.equals("+OK")) {
        throw new IllegalStateException("AUTH failed: " + auth);
      }
      return readReply(in);
    } catch (IOException e) {
      throw new UncheckedIOException("redis at " + address() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] resp(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      b.append(a).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads one reply: simple strings, errors and integers as their line, bulk strings as text. */
  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    if (line.startsWith("$")) {
      int n = Integer.parseInt(line.substring(1));
      if (n < 0) {
        return null;
      }
      byte[] data = in.readNBytes(n + 2);
      return new String(data, 0, n, StandardCharsets.UTF_8);
    }
    if (line.startsWith("*")) {
      int n = Integer.parseInt(line.substring(1));
      List<String> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(readReply(in));
      }
      return String.join("\n", items);
    }
    return line;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return b.toString();
      }
      b.append((char) c);
    }
    throw new IOException("connection closed");
  }

  private void launch() {
    if (docker) {
      launchContainer();
    } else {
      launchProcess();
    }
    awaitReady();
  }

  private List<String> serverArgs(int listenPort, String bind, String certDir) {
    List<String> args = new ArrayList<>();
    if (tls) {
      args.addAll(List.of("--port", "0", "--tls-port", Integer.toString(listenPort)));
      args.addAll(List.of("--tls-cert-file", certDir + "/" + CERT));
      args.addAll(List.of("--tls-key-file", certDir + "/" + KEY));
      args.addAll(List.of("--tls-ca-cert-file", certDir + "/" + CA));
      args.addAll(List.of("--tls-auth-clients", "no"));
    } else {
      args.addAll(List.of("--port", Integer.toString(listenPort)));
    }
    args.addAll(
        List.of("--bind", bind, "--requirepass", password, "--save", "", "--appendonly", "no"));
    return args;
  }

  private void launchProcess() {
    List<String> command = new ArrayList<>();
    command.add(LocalServers.binary("redis-server", INSTALL_HINT).toString());
    command.addAll(serverArgs(port, "127.0.0.1", dir.toString()));
    command.addAll(
        List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.getFirst() + ": " + e, e);
    }
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-cleanup"));
  }

  @SuppressWarnings("resource") // closed in afterAll()
  private void launchContainer() {
    container =
        new GenericContainer<>(IMAGE)
            .withFileSystemBind(dir.toString(), "/tls", BindMode.READ_ONLY)
            .withCommand(
                Stream.concat(
                        Stream.of("redis-server"), serverArgs(6379, "0.0.0.0", "/tls").stream())
                    .toArray(String[]::new))
            .withExposedPorts(6379);
    // A fixed host port, so that restart() keeps the address the application holds.
    container.setPortBindings(List.of(port + ":6379"));
    container.start();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + " before it was ready" + logTail());
      }
      try {
        last = command("PING");
        if ("+PONG".equals(last)) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for redis", e);
      }
    }
    throw new IllegalStateException(
        "redis not ready at "
            + address()
            + " within "
            + READY_TIMEOUT
            + " ("
            + last
            + ")"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
      return "\n--- redis.log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
