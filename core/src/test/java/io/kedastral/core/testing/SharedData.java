package io.kedastral.core.testing;

import io.kedastral.core.series.Sample;
import io.kedastral.core.series.SeriesCleaner;
import io.kedastral.core.series.TimeSeries;
import io.kedastral.core.series.TraceCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shared, read-only project data (contract, traces) beside the checkout: the directory in
 * system property {@code kedastral.shared.dir} (surefire sets it), else {@code ../shared} or {@code
 * ../../shared} from the working directory. A missing directory fails the test with a clear
 * message; it is never skipped.
 */
public final class SharedData {
  /** The system property that names the shared directory. */
  public static final String PROPERTY = "kedastral.shared.dir";

  private SharedData() {}

  /** The shared directory. */
  public static Path dir() {
    String configured = System.getProperty(PROPERTY);
    Stream<Path> candidates =
        configured != null && !configured.isBlank()
            ? Stream.of(Path.of(configured))
            : Stream.of(Path.of("..", "shared"), Path.of("..", "..", "shared"));
    List<Path> tried = candidates.map(p -> p.toAbsolutePath().normalize()).toList();
    return tried.stream()
        .filter(p -> Files.isDirectory(p.resolve("data")))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "shared data not found (looked for a 'data' directory in "
                        + tried
                        + "); set -D"
                        + PROPERTY
                        + "=/path/to/shared"));
  }

  /** The NAB traces ({@code data/nab/*.csv}), sorted by file name; fails when there are none. */
  public static List<Path> nabTraces() {
    Path nab = dir().resolve("data").resolve("nab");
    try (Stream<Path> files = Files.list(nab)) {
      List<Path> csv = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      if (csv.isEmpty()) {
        throw new IllegalStateException("no .csv traces in " + nab);
      }
      return csv;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + nab, e);
    }
  }

  /** The trace's name: its file name without {@code .csv}. */
  public static String traceName(Path csv) {
    String f = csv.getFileName().toString();
    return f.endsWith(".csv") ? f.substring(0, f.length() - 4) : f;
  }

  /**
   * Reads a {@code timestamp,value} trace onto its own grid: the step is the median spacing of the
   * samples; gaps are filled by linear interpolation ({@link SeriesCleaner}).
   */
  public static TimeSeries loadTrace(Path csv) {
    try {
      List<Sample> samples = TraceCsv.parse(Files.readAllLines(csv));
      return SeriesCleaner.clean(samples, SeriesCleaner.inferStep(samples)).series();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
  }
}
