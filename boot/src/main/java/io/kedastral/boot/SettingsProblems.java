package io.kedastral.boot;

import io.kedastral.core.series.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * Reads raw settings and collects every problem instead of stopping at the first, so an operator
 * sees all mistakes at once. Each message names the variable, quotes the value and says what is
 * allowed: {@code STEP='5 minutes' is invalid: allowed is a duration ...}. A reader that finds a
 * problem returns {@code null}; {@link #throwIfAny()} ends parsing. Not thread-safe: one per parse.
 */
public final class SettingsProblems {
  private final List<String> problems = new ArrayList<>();

  /** Records a problem in the standard form. */
  public void problem(String name, String raw, String allowed) {
    problems.add(name + "='" + raw + "' is invalid: allowed is " + allowed);
  }

  /** Records a problem that does not fit the standard form (e.g. between two variables). */
  public void add(String message) {
    problems.add(message);
  }

  /** True while no problem has been recorded. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * @throws InvalidConfigurationException listing every problem recorded, if there is any
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
  }

  /** The trimmed value, or null (and a problem) when it is missing or blank. */
  public String required(String name, String raw) {
    String v = blankToNull(raw);
    if (v == null) {
      problems.add(name + " is required but not set");
    }
    return v;
  }

  /**
   * An {@code http://} or {@code https://} URL with a host and no query or fragment (a path prefix
   * is kept).
   */
  public URI httpUrl(String name, String raw, String example) {
    URI uri = parseHttpUrl(raw);
    if (uri == null) {
      problem(name, raw, "an http:// or https:// URL without query, e.g. " + example);
    }
    return uri;
  }

  /** {@code raw} as an http(s) URL with a host and without query or fragment; else null. */
  public static URI parseHttpUrl(String raw) {
    try {
      URI uri = URI.create(raw.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // not such a URL
    }
    return null;
  }

  /** A duration in the grammar of {@link Durations} of at least {@code min}. */
  public Duration duration(String name, String raw, Duration min) {
    try {
      Duration d = Durations.parse(raw);
      if (d.compareTo(min) >= 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problem(
        name,
        raw,
        "a duration of at least " + Durations.format(min) + " such as 30s, 5m, 2h, 7d or 1w2d");
    return null;
  }

  /** A finite number accepted by {@code ok}. */
  public Double number(String name, String raw, DoublePredicate ok, String allowed) {
    try {
      double v = Double.parseDouble(raw.strip());
      if (Double.isFinite(v) && ok.test(v)) {
        return v;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    problem(name, raw, allowed);
    return null;
  }

  /** A whole number of at least {@code min}. */
  public Integer integer(String name, String raw, int min) {
    Integer v = parseInt(raw);
    if (v != null && v >= min) {
      return v;
    }
    problem(name, raw, "a whole number >= " + min);
    return null;
  }

  /** A whole number from {@code min} to {@code max}. */
  public Integer integer(String name, String raw, int min, int max) {
    Integer v = parseInt(raw);
    if (v != null && v >= min && v <= max) {
      return v;
    }
    problem(name, raw, "a whole number from " + min + " to " + max);
    return null;
  }

  /** {@code true} or {@code false}, in any case. */
  public Boolean bool(String name, String raw) {
    String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(name, raw, "true or false");
        yield null;
      }
    };
  }

  /** The trimmed value, or null when it is missing or blank. */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Integer parseInt(String raw) {
    try {
      return raw == null ? null : Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
