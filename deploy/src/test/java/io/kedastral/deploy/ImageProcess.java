package io.kedastral.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A jar run as its image runs it: the Dockerfile's exact argv ({@code java} being the test JDK's),
 * only the base image's and the Dockerfile's environment plus the application's variables, in
 * WORKDIR, and — when this machine allows it — as uid/gid 65532 with only {@code /tmp} writable.
 *
 * <p>The isolation (root only): {@code unshare --mount} gives the process a private mount
 * namespace; there a tmpfs becomes its root, with {@code /usr}, {@code /etc} (and the JDK) bound
 * read-only, the app directory bound read-only on WORKDIR, a fresh directory bound writable on
 * {@code /tmp}, {@code /proc} as is and {@code /sys}, {@code /dev} read-only; then {@code chroot},
 * {@code setpriv} to uid/gid 65532 without supplementary groups and with {@code no_new_privs}, and
 * {@code env -C WORKDIR} exec the argv. Nothing is mounted outside that namespace. {@link
 * #isolation} proves the sandbox once with a shell (uid, gid, cwd, what is writable) before any jar
 * relies on it; what cannot be applied is printed, never silently left out. Without isolation (not
 * root, no {@code unshare}, or {@code -Dkedastral.image.isolation=none}) the same argv and
 * environment run from the app directory as the current user.
 */
final class ImageProcess implements AutoCloseable {
  /** The uid and gid of the images ({@code USER 65532:65532}, the manifests' runAsUser). */
  static final String UID = "65532";

  /** What eclipse-temurin's JRE images set before the Dockerfile's own ENV (JAVA_HOME: ours). */
  private static final Map<String, String> BASE_IMAGE_ENV =
      Map.of(
          "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "JAVA_HOME", System.getProperty("java.home"),
          "LANG", "en_US.UTF-8",
          "LANGUAGE", "en_US:en",
          "LC_ALL", "en_US.UTF-8");

  private static final String SANDBOX =
      """
      set -eu
      R=$1 APP=$2 TMPD=$3 JH=$4 WORKDIR=$5
      shift 5
      mount -t tmpfs -o mode=755,size=1m kedastral-root "$R"
      for d in usr etc proc sys dev; do mkdir "$R/$d"; mount --rbind "/$d" "$R/$d"; done
      for l in bin sbin lib lib32 lib64 libx32; do
        if [ -L "/$l" ]; then ln -s "$(readlink "/$l")" "$R/$l"
        elif [ -d "/$l" ]; then mkdir "$R/$l"; mount --rbind "/$l" "$R/$l"; fi
      done
      mkdir -p "$R$WORKDIR" "$R/tmp"
      mount --bind "$APP" "$R$WORKDIR"
      mount --bind "$TMPD" "$R/tmp"
      case "$JH" in /usr/*|/etc/*) ;; *) mkdir -p "$R$JH"; mount --bind "$JH" "$R$JH" ;; esac
      for m in $(awk -v r="$R" '$5 == r || index($5, r "/") == 1 {print $5}' /proc/self/mountinfo); do
        case "$m" in "$R/tmp"|"$R/proc"|"$R/proc/"*) continue ;; esac
        mount -o remount,bind,ro "$m" || { echo "sandbox: cannot make $m read-only" >&2; exit 97; }
      done
      exec chroot "$R" setpriv --reuid=$UID --regid=$UID --clear-groups --no-new-privs \\
        env -C "$WORKDIR" "$@"
      """
          .replace("$UID", UID);

  /** Which isolation this machine gives; {@code notApplied} says what is missing and why. */
  record Isolation(boolean sandboxed, List<String> notApplied) {
    String describe() {
      return sandboxed
          ? "uid/gid "
              + UID
              + ", read-only root filesystem, only /tmp writable (mount namespace + chroot)"
          : "NOT isolated, the jar runs as this user with the host filesystem writable: "
              + String.join("; ", notApplied);
    }
  }

  private static Isolation isolation;

  private final Process process;
  private final Path log;
  private final Path tmp;

  private ImageProcess(Process process, Path log, Path tmp) {
    this.process = process;
    this.log = log;
    this.tmp = tmp;
  }

  /**
   * Starts the image's argv from {@code app} (the {@link ImageLayout}). {@code dir} holds the
   * sandbox's mount point, its {@code /tmp} ({@link #tmp()}, where the caller may put files first
   * with {@link #containerPath}) and the log.
   */
  static ImageProcess start(
      Dockerfile image, Path app, Path dir, Map<String, String> appEnv, Isolation isolation)
      throws IOException {
    Path tmp = tmpDir(dir);
    Path log = dir.resolve("process.log");
    List<String> argv = new ArrayList<>(image.argv());
    if (!argv.getFirst().equals("java")) {
      throw new AssertionError(image.source() + ": the entrypoint does not start with java");
    }
    argv.set(0, ImageLayout.java());
    Map<String, String> env = new LinkedHashMap<>(BASE_IMAGE_ENV);
    env.putAll(image.env());
    env.putAll(appEnv);
    List<String> command = new ArrayList<>();
    ProcessBuilder pb = new ProcessBuilder(command);
    if (isolation.sandboxed()) {
      Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
      command.addAll(sandbox(dir, app, tmp, image.workdir()));
    } else {
      pb.directory(app.toFile());
    }
    command.addAll(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ImageProcess(p, log, tmp);
  }

  /** The process's {@code /tmp}, seen from the test. */
  Path tmp() {
    return tmp;
  }

  /** The path the process sees for {@code file} in {@link #tmp()}. */
  static String containerPath(Isolation isolation, Path tmp, String file) {
    return isolation.sandboxed() ? "/tmp/" + file : tmp.resolve(file).toString();
  }

  /**
   * The process's {@code /tmp}, made before it starts (so files can be put there): a fresh
   * directory anyone may write, like an emptyDir mounted for uid 65532.
   */
  static Path tmpDir(Path dir) throws IOException {
    Path tmp = dir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      Files.createDirectories(tmp);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return tmp;
  }

  private static List<String> sandbox(Path dir, Path app, Path tmp, String workdir)
      throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    return List.of(
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "--",
        "/bin/sh",
        "-c",
        SANDBOX,
        "kedastral-sandbox",
        root.toString(),
        app.toString(),
        tmp.toString(),
        System.getProperty("java.home"),
        workdir);
  }

  /**
   * The isolation this machine allows, found once by running a shell in the sandbox and checking it
   * is uid/gid 65532 in {@code /app} and can write {@code /tmp} and nothing else.
   */
  static synchronized Isolation isolation(Path scratch) throws IOException {
    if (isolation == null) {
      isolation = probe(scratch);
    }
    return isolation;
  }

  private static Isolation probe(Path scratch) throws IOException {
    if ("none".equals(System.getProperty("kedastral.image.isolation"))) {
      return new Isolation(false, List.of("switched off with -Dkedastral.image.isolation=none"));
    }
    String uid =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("Uid:"))
            .map(l -> l.split("\\s+")[1])
            .findFirst()
            .orElse("?");
    if (!uid.equals("0")) {
      return new Isolation(
          false,
          List.of(
              "not root (uid " + uid + "): cannot switch to uid/gid " + UID,
              "not root: no mount namespace, so the root filesystem is not read-only"));
    }
    Path dir = Files.createDirectories(scratch.resolve("probe"));
    Path app = Files.createDirectories(dir.resolve("app"));
    Path tmp = tmpDir(dir);
    String check =
        "id -u; id -g; pwd; touch /tmp/probe && echo tmp-writable;"
            + " for p in / /app /etc /usr /var /dev/shm /sys; do"
            + " touch \"$p/.kedastral-probe\" 2>/dev/null && echo \"writable $p\"; done; true";
    List<String> command = new ArrayList<>(sandbox(dir, app, tmp, "/app"));
    command.addAll(List.of("/bin/sh", "-c", check));
    Commands.Result result;
    try {
      result = Commands.run(command, dir, Map.of(), Duration.ofSeconds(30));
    } catch (UncheckedIOException | AssertionError e) {
      return new Isolation(
          false, List.of("the sandbox (unshare, chroot, setpriv) cannot run: " + e.getMessage()));
    }
    String expected = UID + "\n" + UID + "\n/app\ntmp-writable\n";
    if (result.exitCode() != 0 || !result.stdout().equals(expected)) {
      return new Isolation(
          false,
          List.of(
              "the sandbox probe (uid/gid "
                  + UID
                  + ", read-only root, writable /tmp) did not hold; it printed: "
                  + (result.stdout() + result.stderr()).strip().replace('\n', '|')));
    }
    return new Isolation(true, List.of());
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the process as Kubernetes does (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
