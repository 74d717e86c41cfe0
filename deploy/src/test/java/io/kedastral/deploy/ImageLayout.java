package io.kedastral.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image's application directory rebuilt from the jar: the build stage's {@code java
 * -Djarmode=tools -jar app.jar extract --layers --launcher}, then each layer copied into one
 * directory in the order and to the place of the runtime stage's {@code COPY --from} lines.
 */
final class ImageLayout {
  private ImageLayout() {}

  /** Lays {@code jar} out under {@code dir} as {@code dockerfile} does; returns the app dir. */
  static Path lay(Path jar, Dockerfile dockerfile, Path dir) throws IOException {
    Path extracted = dir.resolve("extracted");
    Commands.Result extraction =
        Commands.run(
            List.of(
                java(),
                "-Djarmode=tools",
                "-jar",
                jar.toString(),
                "extract",
                "--layers",
                "--launcher",
                "--destination",
                extracted.toString()),
            dir,
            Map.of(),
            Commands.TIMEOUT);
    if (extraction.exitCode() != 0) {
      throw new AssertionError(extraction.describe());
    }
    Path app = Files.createDirectories(dir.resolve("app"));
    for (String layer : layers(dockerfile)) {
      Path from = extracted.resolve(layer);
      if (!Files.isDirectory(from)) {
        throw new AssertionError(
            dockerfile.source()
                + " copies the layer '"
                + layer
                + "', which the jar's extraction does not produce");
      }
      DeployFiles.copyTree(from, app);
    }
    return app;
  }

  /**
   * The layer names the runtime stage copies from another stage, in order. Each such COPY must put
   * its layer into WORKDIR, as the launcher runs from there.
   */
  static List<String> layers(Dockerfile dockerfile) {
    List<String> layers = new ArrayList<>();
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      if (copy.from() == null) {
        continue;
      }
      String dest = copy.destination();
      if (!(dest.equals("./")
          || dest.equals(".")
          || stripSlash(dest).equals(dockerfile.workdir()))) {
        throw new AssertionError(
            dockerfile.source()
                + ": COPY --from into "
                + dest
                + ", not WORKDIR "
                + dockerfile.workdir());
      }
      for (String source : copy.sources()) {
        String s = stripSlash(source);
        layers.add(s.substring(s.lastIndexOf('/') + 1));
      }
    }
    return List.copyOf(layers);
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }

  /** The {@code java} of the JDK running the tests (there is no JRE 25 image here). */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
