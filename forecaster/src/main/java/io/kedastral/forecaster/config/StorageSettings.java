package io.kedastral.forecaster.config;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where snapshots live ({@code STORAGE}): this process' memory, or a Redis shared by replicas. */
public sealed interface StorageSettings {

  /** {@code STORAGE=memory}: one process, lost on restart. */
  record Memory() implements StorageSettings {}

  /**
   * {@code STORAGE=redis}. {@code password} and {@code database} override what a URI in {@code
   * address} says; null means "as the address says" (no password, database 0 for {@code
   * host:port}). {@link #toString()} never shows a password.
   *
   * @param address {@code host:port} or a {@code redis://}, {@code rediss://} or {@code
   *     redis-sentinel://} URI, as given in {@code REDIS_ADDR}
   * @param ttl expiry of every stored snapshot ({@code REDIS_TTL})
   * @param caFile PEM CA certificates that verify a {@code rediss://} server ({@code
   *     REDIS_CA_FILE}); null for the JVM's trust store
   */
  record Redis(String address, String password, Integer database, Duration ttl, Path caFile)
      implements StorageSettings {
    /** Every command (and the connect) fails after this long instead of hanging a tick. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern HOST_PORT =
        Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[^:/@\\s\\[\\]]+):(\\d{1,5})$");
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^@/]*@");

    public Redis {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(ttl, "ttl");
      if (database != null && database < 0) {
        throw new IllegalArgumentException("database must be >= 0, was " + database);
      }
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, was " + ttl);
      }
      uri(address); // validates
    }

    /** Without a CA file: the JVM's trust store verifies a {@code rediss://} server. */
    public Redis(String address, String password, Integer database, Duration ttl) {
      this(address, password, database, ttl, null);
    }

    /**
     * The Lettuce URI for {@code address} with the password, database and {@link #COMMAND_TIMEOUT}
     * applied. A new, mutable object on every call.
     */
    public RedisURI uri() {
      RedisURI uri = uri(address);
      if (password != null) {
        // keep an ACL user named in the URI (redis://user:pass@host), replace its password
        RedisCredentials given =
            uri.getCredentialsProvider() == null
                ? null
                : uri.getCredentialsProvider().resolveCredentials().block(COMMAND_TIMEOUT);
        String user = given != null && given.hasUsername() ? given.getUsername() : null;
        uri.setCredentialsProvider(new StaticCredentialsProvider(user, password.toCharArray()));
      }
      if (database != null) {
        uri.setDatabase(database);
      }
      uri.setTimeout(COMMAND_TIMEOUT);
      return uri;
    }

    /** The address for logs and errors: without any password, with the database. */
    public String displayAddress() {
      String shown = USER_INFO.matcher(address).replaceFirst("");
      return shown + " (database " + uri().getDatabase() + ")";
    }

    /**
     * Parses {@code host:port} or a {@code redis://}, {@code rediss://} or {@code
     * redis-sentinel://} URI.
     *
     * @throws IllegalArgumentException when it is none of those
     */
    static RedisURI uri(String address) {
      String a = address.strip();
      if (a.startsWith("redis://") || a.startsWith("rediss://")) {
        return RedisURI.create(a);
      }
      if (a.startsWith("redis-sentinel://")) {
        RedisURI uri = RedisURI.create(a);
        if (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank()) {
          throw new IllegalArgumentException("a redis-sentinel:// URI needs #<master name>");
        }
        return uri;
      }
      Matcher m = HOST_PORT.matcher(a);
      if (!m.matches()) {
        throw new IllegalArgumentException("not host:port or a redis URI: " + a);
      }
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      String host = m.group(1).replace("[", "").replace("]", "");
      return RedisURI.Builder.redis(host, port).build();
    }

    @Override
    public String toString() {
      return "Redis[address="
          + displayAddress()
          + ", password="
          + (password == null ? "<none>" : "<hidden>")
          + ", ttl="
          + ttl
          + ", caFile="
          + caFile
          + "]";
    }
  }
}
