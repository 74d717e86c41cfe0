package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the external commands the deploy checks need ({@code kubectl kustomize}, {@code bash},
 * {@code shellcheck}) with a timeout, keeping stdout and stderr for the failure message.
 */
final class Commands {

  /** What a finished command left behind. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {

    /** The command line and both streams, for a failure message. */
    String describe() {
      return String.join(" ", command)
          + " exited "
          + exitCode
          + "\n--- stdout\n"
          + stdout
          + "\n--- stderr\n"
          + stderr;
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final String INSTALL_KUBECTL =
      "kubectl (1.27 or later, for Kustomize v5 with components and `labels`) is needed to render"
          + " the overlays under deploy/kustomize and was not found. Install it"
          + " (https://kubernetes.io/docs/tasks/tools/#kubectl, e.g. `curl -LO"
          + " https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl && install kubectl"
          + " /usr/local/bin/`), point -Dkedastral.kubectl at it, or skip these checks explicitly"
          + " with -Dkustomize.skip=true.";

  private Commands() {}

  /**
   * Runs {@code command} in {@code dir} with {@code extraEnv} added to this JVM's environment;
   * fails the test if it does not finish within {@code timeout}.
   */
  static Result run(
      List<String> command, Path dir, Map<String, String> extraEnv, Duration timeout) {
    try {
      Path out = Files.createTempFile("kedastral-cmd", ".out");
      Path err = Files.createTempFile("kedastral-cmd", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          fail(
              String.join(" ", command)
                  + " did not finish within "
                  + timeout
                  + "\n--- stderr so far\n"
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** An executable of that name on PATH, or null. */
  static Path onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /**
   * The kubectl to render with: {@code -Dkedastral.kubectl}, else the one on PATH. Without one the
   * test fails saying how to install it, unless {@code -Dkustomize.skip=true} was given: only then
   * is it skipped. It is never skipped silently.
   */
  static Path kubectl() {
    if (Boolean.getBoolean("kustomize.skip")) {
      Assumptions.abort("Kustomize checks skipped on request (-Dkustomize.skip=true)");
    }
    String configured = System.getProperty("kedastral.kubectl", "");
    Path kubectl = configured.isBlank() ? onPath("kubectl") : Path.of(configured);
    if (kubectl == null || !Files.isExecutable(kubectl)) {
      fail(INSTALL_KUBECTL + (configured.isBlank() ? "" : " (not executable: " + configured + ")"));
    }
    return kubectl;
  }

  /**
   * {@code kubectl kustomize dir}: the rendered multi-document YAML; fails with kubectl's stderr.
   */
  static String kustomize(Path dir) {
    List<String> command =
        new ArrayList<>(List.of(kubectl().toString(), "kustomize", dir.toString()));
    Result result = run(command, dir, Map.of(), TIMEOUT);
    if (result.exitCode() != 0) {
      fail(
          "kubectl kustomize "
              + dir
              + " failed (Kustomize v5, kubectl 1.27+, is needed for components and `labels`):\n"
              + result.stderr());
    }
    return result.stdout();
  }
}
