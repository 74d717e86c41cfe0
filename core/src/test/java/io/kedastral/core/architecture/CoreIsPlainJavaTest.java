package io.kedastral.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Import control for core (the Strimzi-style check of STYLE.md): the forecasting maths depends on
 * no framework, does no I/O and never reads the clock, so it can be unit-tested and benchmarked
 * alone and behaves the same in the service and in the backtest.
 */
class CoreIsPlainJavaTest {
  private static final List<Pattern> FORBIDDEN =
      List.of(
          Pattern.compile("^import (static )?org\\.springframework\\."),
          Pattern.compile("^import (static )?io\\.micrometer\\."),
          Pattern.compile("^import (static )?io\\.grpc\\."),
          Pattern.compile("^import (static )?io\\.lettuce\\."),
          Pattern.compile("^import (static )?(tools|com\\.fasterxml)\\.jackson\\."),
          Pattern.compile("^import (static )?org\\.slf4j\\."),
          Pattern.compile("^import (static )?java\\.net\\."),
          Pattern.compile("^import (static )?java\\.nio\\.file\\."),
          Pattern.compile("^import (static )?java\\.io\\.(File|.*Stream|.*Reader|.*Writer)\\b"),
          Pattern.compile("(Instant|LocalDateTime|OffsetDateTime|ZonedDateTime)\\.now\\("),
          Pattern.compile("System\\.(currentTimeMillis|nanoTime)\\("),
          Pattern.compile("Clock\\.system"));

  @Test
  void coreMainSourcesImportNoFrameworkIoOrClock() throws IOException {
    Path root = Path.of("src/main/java");
    assertThat(root).as("run from the core module directory").isDirectory();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          for (Pattern p : FORBIDDEN) {
            if (p.matcher(line).find()) {
              violations.add(root.relativize(file) + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    assertThat(violations).as("forbidden dependencies in core").isEmpty();
  }
}
