package io.kedastral.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a Dockerfile's runtime stage (its last {@code FROM}) gives the container: the exec-form
 * {@code ENTRYPOINT} (plus {@code CMD}), {@code USER}, {@code ENV}, {@code WORKDIR}, {@code
 * VOLUME}, {@code EXPOSE} and the {@code COPY} lines that fill it. Only the syntax these images use
 * is understood (line continuations, comments, {@code KEY=value} and legacy {@code ENV}); anything
 * the checks need but cannot find is listed by {@link #problems()}.
 *
 * @param source the file, for messages
 * @param entrypoint the {@code ENTRYPOINT} array; empty when missing or in shell form
 * @param cmd the {@code CMD} array of the runtime stage (appended to the entrypoint), or empty
 * @param user the {@code USER}, or {@code null}
 * @param env the {@code ENV} variables of the runtime stage, in order
 * @param workdir the last {@code WORKDIR} (absolute), or {@code null}
 * @param volumes the {@code VOLUME} paths
 * @param exposed the {@code EXPOSE} ports, as written (e.g. {@code 8081}, {@code 50051/tcp})
 * @param copies the {@code COPY} lines of the runtime stage, in order
 * @param problems what makes the runtime stage unfit for the cluster (empty when fit)
 */
record Dockerfile(
    String source,
    List<String> entrypoint,
    List<String> cmd,
    String user,
    Map<String, String> env,
    String workdir,
    List<String> volumes,
    List<String> exposed,
    List<Copy> copies,
    List<String> problems) {

  /**
   * One {@code COPY} line.
   *
   * @param from the {@code --from} stage, or {@code null} for the build context
   * @param sources the source paths
   * @param destination the destination path, as written
   */
  record Copy(String from, List<String> sources, String destination) {}

  /** The argv the container starts with: the entrypoint, then {@code CMD}. */
  List<String> argv() {
    List<String> argv = new ArrayList<>(entrypoint);
    argv.addAll(cmd);
    return List.copyOf(argv);
  }

  static Dockerfile parse(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dockerfile parse(String text, String source) {
    Builder b = new Builder(source);
    for (String instruction : instructions(text)) {
      String[] parts = instruction.strip().split("\\s+", 2);
      b.add(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
    }
    return b.build();
  }

  /** The instructions, with continuation lines joined and comment lines dropped. */
  private static List<String> instructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      if (!current.toString().isBlank()) {
        out.add(current.toString());
      }
      current.setLength(0);
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }

  /** Collects the runtime stage: every {@code FROM} starts afresh. */
  private static final class Builder {
    private final String source;
    private final List<String> problems = new ArrayList<>();
    private boolean sawFrom;
    private boolean entrypointSet;
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private String user;
    private Map<String, String> env = new LinkedHashMap<>();
    private String workdir;
    private List<String> volumes = new ArrayList<>();
    private List<String> exposed = new ArrayList<>();
    private List<Copy> copies = new ArrayList<>();
    private String healthcheck;

    Builder(String source) {
      this.source = source;
    }

    void add(String keyword, String args) {
      switch (keyword) {
        case "FROM" -> {
          sawFrom = true;
          entrypointSet = false;
          entrypoint = List.of();
          cmd = List.of();
          user = null;
          env = new LinkedHashMap<>();
          workdir = null;
          volumes = new ArrayList<>();
          exposed = new ArrayList<>();
          copies = new ArrayList<>();
          healthcheck = null;
        }
        case "ENTRYPOINT" -> {
          entrypointSet = true;
          entrypoint = execForm(args, "ENTRYPOINT");
          cmd = List.of(); // Docker: setting ENTRYPOINT resets an inherited CMD
        }
        case "CMD" -> cmd = execForm(args, "CMD");
        case "USER" -> user = args;
        case "ENV" -> env.putAll(envPairs(args));
        case "WORKDIR" ->
            workdir = args.startsWith("/") || workdir == null ? args : workdir + "/" + args;
        case "VOLUME" ->
            volumes.addAll(args.startsWith("[") ? execForm(args, "VOLUME") : words(args));
        case "EXPOSE" -> exposed.addAll(words(args));
        case "COPY" -> copies.add(copy(args));
        case "HEALTHCHECK" -> healthcheck = args;
        default -> {}
      }
    }

    Dockerfile build() {
      List<String> all = new ArrayList<>(problems);
      if (!sawFrom) {
        all.add("no FROM");
      }
      if (!entrypointSet) {
        all.add("the runtime stage has no ENTRYPOINT");
      }
      if (user == null) {
        all.add("the runtime stage has no USER (it would run as root)");
      } else if (!user.matches("[1-9][0-9]*(:[1-9][0-9]*)?")) {
        all.add(
            "USER "
                + user
                + " is not a numeric non-root uid[:gid] (runAsNonRoot can only verify numbers)");
      }
      if (workdir == null) {
        all.add("the runtime stage has no WORKDIR");
      }
      if (volumes.isEmpty()) {
        all.add("the runtime stage has no VOLUME (the writable /tmp)");
      }
      if (exposed.isEmpty()) {
        all.add("the runtime stage has no EXPOSE");
      }
      if (healthcheck != null && !healthcheck.equalsIgnoreCase("NONE")) {
        all.add("HEALTHCHECK " + healthcheck + ": Kubernetes probes do that; remove it");
      }
      return new Dockerfile(
          source,
          entrypoint,
          cmd,
          user,
          Map.copyOf(env),
          workdir,
          List.copyOf(volumes),
          List.copyOf(exposed),
          List.copyOf(copies),
          List.copyOf(all));
    }

    /** A JSON array of strings; anything else is Docker's shell form, reported as a problem. */
    private List<String> execForm(String args, String keyword) {
      String s = args.strip();
      if (!s.startsWith("[") || !s.endsWith("]")) {
        problems.add(keyword + " is not in exec form (a JSON array): " + args);
        return List.of();
      }
      try {
        return execArray(s, keyword, args);
      } catch (StringIndexOutOfBoundsException e) {
        return malformed(keyword, args);
      }
    }

    private List<String> execArray(String s, String keyword, String args) {
      List<String> out = new ArrayList<>();
      int i = 1;
      while (true) {
        i = skipBlanks(s, i);
        if (s.charAt(i) == ']' && out.isEmpty()) {
          return List.of();
        }
        if (s.charAt(i) != '"') {
          return malformed(keyword, args);
        }
        StringBuilder value = new StringBuilder();
        i++;
        while (s.charAt(i) != '"') {
          char c = s.charAt(i++);
          value.append(c == '\\' ? s.charAt(i++) : c);
        }
        out.add(value.toString());
        i = skipBlanks(s, i + 1);
        if (s.charAt(i) == ']') {
          return i == s.length() - 1 ? List.copyOf(out) : malformed(keyword, args);
        }
        if (s.charAt(i++) != ',') {
          return malformed(keyword, args);
        }
      }
    }

    private List<String> malformed(String keyword, String args) {
      problems.add(keyword + " is not a JSON array of strings: " + args);
      return List.of();
    }

    private static int skipBlanks(String s, int i) {
      while (Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return i;
    }

    /** {@code K=v K2="v 2"}, or the legacy {@code K v w} (one variable, the rest its value). */
    private static Map<String, String> envPairs(String args) {
      Map<String, String> out = new LinkedHashMap<>();
      String first = args.split("\\s+", 2)[0];
      if (!first.contains("=")) {
        String[] kv = args.split("\\s+", 2);
        out.put(kv[0], kv.length > 1 ? kv[1] : "");
        return out;
      }
      for (String word : quotedWords(args)) {
        int eq = word.indexOf('=');
        out.put(word.substring(0, eq), word.substring(eq + 1));
      }
      return out;
    }

    /** Words split on blanks outside double quotes, quotes removed, backslash escapes applied. */
    private static List<String> quotedWords(String args) {
      List<String> out = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < args.length(); i++) {
        char c = args.charAt(i);
        if (c == '\\' && i + 1 < args.length()) {
          word.append(args.charAt(++i));
        } else if (c == '"') {
          quoted = !quoted;
        } else if (Character.isWhitespace(c) && !quoted) {
          if (!word.isEmpty()) {
            out.add(word.toString());
            word.setLength(0);
          }
        } else {
          word.append(c);
        }
      }
      if (!word.isEmpty()) {
        out.add(word.toString());
      }
      return out;
    }

    private static List<String> words(String args) {
      return args.isBlank() ? List.of() : List.of(args.strip().split("\\s+"));
    }

    private static Copy copy(String args) {
      String from = null;
      List<String> paths = new ArrayList<>();
      for (String word : words(args)) {
        if (word.startsWith("--from=")) {
          from = word.substring("--from=".length());
        } else if (!word.startsWith("--")) {
          paths.add(word);
        }
      }
      if (paths.size() < 2) {
        return new Copy(from, List.copyOf(paths), null);
      }
      return new Copy(
          from, List.copyOf(paths.subList(0, paths.size() - 1)), paths.get(paths.size() - 1));
    }
  }
}
