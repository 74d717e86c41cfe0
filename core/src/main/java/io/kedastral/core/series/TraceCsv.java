package io.kedastral.core.series;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code timestamp,value} trace (the NAB format, the backtest input, the replay source).
 * The first line may be a header. Timestamps are {@code YYYY-MM-DD HH:MM:SS} (UTC), RFC 3339, or
 * unix seconds. Values may be {@code NaN}; the cleaner drops them. Blank lines are skipped.
 */
public final class TraceCsv {
  private TraceCsv() {}

  /**
   * Parses {@code lines}.
   *
   * @throws IllegalArgumentException naming the first bad line (1-based) and why
   */
  public static List<Sample> parse(List<String> lines) {
    List<Sample> samples = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || (i == 0 && isHeader(line))) {
        continue;
      }
      samples.add(parseLine(line, i + 1));
    }
    return samples;
  }

  private static boolean isHeader(String line) {
    char c = line.charAt(0);
    return !(Character.isDigit(c) || c == '"');
  }

  private static Sample parseLine(String line, int lineNumber) {
    int comma = line.lastIndexOf(',');
    if (comma < 0) {
      throw new IllegalArgumentException(
          "line " + lineNumber + ": expected 'timestamp,value', got '" + abbreviate(line) + "'");
    }
    String ts = unquote(line.substring(0, comma).strip());
    String value = unquote(line.substring(comma + 1).strip());
    try {
      return new Sample(parseTime(ts), Double.parseDouble(value));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "line " + lineNumber + ": cannot read '" + abbreviate(line) + "': " + e.getMessage(), e);
    }
  }

  /**
   * Reads one timestamp in any of the accepted forms: unix seconds (with an optional fraction); RFC
   * 3339 with {@code T} or a space between date and time (RFC 3339 §5.6 allows both) and an
   * optional fraction of a second; without an offset (the NAB form {@code YYYY-MM-DD HH:MM:SS}) the
   * time is UTC.
   */
  public static Instant parseTime(String ts) {
    if (!ts.isEmpty() && ts.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
      double seconds = Double.parseDouble(ts);
      return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
    String iso = ts.length() > 10 && ts.charAt(10) == ' ' ? ts.replaceFirst(" ", "T") : ts;
    if (hasOffset(iso)) {
      return OffsetDateTime.parse(iso).toInstant();
    }
    return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
        .toInstant(ZoneOffset.UTC);
  }

  /** Whether the time part ends in {@code Z} or {@code ±hh:mm}. */
  private static boolean hasOffset(String iso) {
    int t = iso.indexOf('T');
    if (t < 0) {
      return false;
    }
    String time = iso.substring(t + 1);
    return time.endsWith("Z") || time.endsWith("z") || time.contains("+") || time.contains("-");
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
