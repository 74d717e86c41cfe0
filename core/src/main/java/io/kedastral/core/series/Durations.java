package io.kedastral.core.series;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the duration syntax of the configuration: a sequence of {@code <number><unit>}
 * with units {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}, {@code w} (e.g. {@code 30s},
 * {@code 1h30m}, {@code 1w2d}). A plain ISO-8601 value ({@code PT5M}) is accepted too.
 */
public final class Durations {
  /** The longest duration accepted: 999,999,999 weeks. */
  public static final Duration MAX = Duration.ofDays(7L * 999_999_999);

  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

  private Durations() {}

  /**
   * Parses {@code text}. The result is at most {@link #MAX} (999,999,999 weeks), so it fits in a
   * {@code long} of milliseconds and {@link #format} prints it back in this syntax.
   *
   * @throws IllegalArgumentException when the text is not a duration in this syntax or is longer
   *     than {@link #MAX}
   */
  public static Duration parse(String text) {
    Duration d;
    try {
      d = parseUnchecked(text);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too long: '" + text + "'", e);
    }
    // 16 × 999999999w overflowed toMillis() in callers; DurationsFuzzTest found that
    // 999999999w999999999w printed as 1999999998w, which does not parse
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("duration too long: '" + text + "' (at most 999999999w)");
    }
    return d;
  }

  private static Duration parseUnchecked(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.strip();
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: '" + text + "'", e);
      }
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "not a duration: '" + text + "' (use e.g. 30s, 5m, 2h, 7d, 1w2d)");
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> throw new IllegalStateException(m.group(2));
              });
      pos = m.end();
    }
    return total;
  }

  /**
   * Prints {@code d} in the same syntax, largest units first ({@code 1w2d}, {@code 90s} → 1m30s).
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long[] sizes = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }
}
