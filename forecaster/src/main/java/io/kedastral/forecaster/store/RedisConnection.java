package io.kedastral.forecaster.store;

import io.kedastral.boot.InvalidConfigurationException;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.forecaster.config.StorageSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Lettuce connection of this process, shared by every thread (Lettuce connections are
 * thread-safe). Commands time out after {@link StorageSettings.Redis#COMMAND_TIMEOUT}; while Redis
 * is down they fail at once ({@code REJECT_COMMANDS}) instead of queueing, and Lettuce reconnects
 * in the background (every 100 ms doubling to 5 s). When Redis cannot be reached at start-up the
 * connection is made on first use instead; a password or database Redis refuses stops start-up.
 */
public final class RedisConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);

  private final StorageSettings.Redis settings;
  private final ClientResources resources;
  private final RedisClient client;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile StatefulRedisConnection<String, String> connection;

  private RedisConnection(StorageSettings.Redis settings) {
    this.settings = settings;
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, settings.uri());
    ClientOptions.Builder options = ClientOptions.builder();
    if (settings.caFile() != null) {
      options.sslOptions(
          SslOptions.builder().jdkSslProvider().trustManager(settings.caFile().toFile()).build());
    }
    client.setOptions(
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(StorageSettings.Redis.COMMAND_TIMEOUT))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(StorageSettings.Redis.COMMAND_TIMEOUT)
                    .keepAlive(true)
                    .build())
            .build());
  }

  /**
   * Connects and checks the connection with a {@code PING}.
   *
   * @throws InvalidConfigurationException when Redis refuses the password or the database: a
   *     configuration error that retrying cannot fix. An unreachable Redis is not an error here:
   *     the process starts unready and connects on first use.
   */
  public static RedisConnection open(StorageSettings.Redis settings) {
    RedisConnection redis = new RedisConnection(settings);
    try {
      redis.connect();
      log.info("snapshot store: redis at {}", settings.displayAddress());
    } catch (RedisException e) {
      String problem = configurationProblem(settings, e);
      if (problem != null) {
        redis.close();
        throw new InvalidConfigurationException(List.of(problem));
      }
      log.error(
          "snapshot store: redis at {} is unreachable at start-up ({}); starting unready and"
              + " retrying on every tick",
          settings.displayAddress(),
          describe(e));
    }
    return redis;
  }

  /**
   * Synchronous commands on the shared connection, connecting first when there is none yet.
   *
   * @throws StoreUnavailableException when there is no connection and one cannot be made now
   */
  public RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c.sync();
    }
    if (!connecting.tryLock()) {
      throw unavailable("connecting", null);
    }
    try {
      return connect().sync();
    } catch (RedisException e) {
      throw unavailable(describe(e), e);
    } finally {
      connecting.unlock();
    }
  }

  /** An exception saying that Redis failed, and how; the address shown has no password. */
  public StoreUnavailableException unavailable(String what, Throwable cause) {
    return new StoreUnavailableException(
        "redis at " + settings.displayAddress() + ": " + what, cause);
  }

  /** Maps any Lettuce failure to {@link StoreUnavailableException}. */
  public StoreUnavailableException unavailable(RedisException e) {
    return unavailable(describe(e), e);
  }

  private StatefulRedisConnection<String, String> connect() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      c = client.connect();
      try {
        c.sync().ping();
      } catch (RedisException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return c;
  }

  /** The start-up failure to report for {@code e} when it is a configuration error, else null. */
  static String configurationProblem(StorageSettings.Redis settings, RedisException e) {
    String message = rootMessage(e);
    String upper = message.toUpperCase(Locale.ROOT);
    String at = "Redis at " + settings.displayAddress();
    if (upper.startsWith("WRONGPASS") || upper.contains("INVALID PASSWORD")) {
      return "REDIS_PASSWORD is rejected by " + at + ": " + message;
    }
    if (upper.startsWith("NOAUTH")) {
      return "REDIS_PASSWORD is required by " + at + " but none was given: " + message;
    }
    if (hasCause(e, SSLException.class) || hasCause(e, CertificateException.class)) {
      return "REDIS_ADDR="
          + settings.displayAddress()
          + ": the TLS handshake failed ("
          + message
          + "); check that Redis speaks TLS on that port, and set REDIS_CA_FILE to the CA"
          + " certificates that signed its certificate";
    }
    if (upper.contains("DB INDEX IS OUT OF RANGE")) {
      return "REDIS_DB='"
          + settings.uri().getDatabase()
          + "' is refused by "
          + at
          + " ("
          + message
          + "): allowed is a database index the server has (0-15 by default)";
    }
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  /** The failure in one line: the outer message plus the innermost cause. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = String.valueOf(e.getMessage());
    return root == e ? outer : outer + ": " + root.getMessage();
  }

  /** Closes the connection and the client's threads. */
  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    connection = null;
    try {
      if (c != null) {
        c.close();
      }
    } finally {
      // A short quiet period lets in-flight callbacks finish instead of being rejected.
      client.shutdown(Duration.ofMillis(100), Duration.ofSeconds(2));
      resources.shutdown(100, 2000, TimeUnit.MILLISECONDS);
    }
  }
}
