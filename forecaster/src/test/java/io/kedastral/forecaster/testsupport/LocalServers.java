package io.kedastral.forecaster.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * What the real-server test extensions ({@link PrometheusServer}, {@link RedisServer}) share:
 * choosing between Testcontainers and the local binaries, finding a binary, a free loopback port
 * and cleaning up a data directory. A missing binary without Docker fails with the install hint;
 * nothing is skipped.
 */
final class LocalServers {
  private LocalServers() {}

  /**
   * True to run in a container: {@code -D<property>=docker}, or {@code auto} (the default) with a
   * Docker engine present. Otherwise the local {@code binaries} must exist, checked here so that a
   * missing one fails first and clearly.
   */
  static boolean useDocker(String property, String installHint, String... binaries) {
    boolean docker =
        switch (System.getProperty(property, "auto")) {
          case "docker" -> true;
          case "local" -> false;
          default -> dockerAvailable();
        };
    if (!docker) {
      List.of(binaries).forEach(b -> binary(b, installHint));
    }
    return docker;
  }

  /** The executable {@code name} on PATH, /usr/bin or /usr/local/bin. */
  static Path binary(String name, String installHint) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of),
            Stream.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")))
        .map(d -> d.resolve(name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Docker engine and no '" + name + "' on PATH: " + installHint));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
