package io.kedastral.forecaster.store;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.forecaster.loop.Leadership;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer lease of one workload in Redis: key {@code kedastral:lease:<workload>} holding this
 * process' random token with a TTL of {@code 2 × INTERVAL}. Each tick acquires it when it is free
 * ({@code SET NX PX}) or renews it when it holds our token; the snapshot write is a script that
 * writes only while the lease holds our token and the stored snapshot's {@code generatedAt} is not
 * newer (read from its JSON with {@code cjson}), and then renews the lease; shutdown deletes the
 * lease only if it is still ours. Each step is one Lua script, so it is atomic in Redis.
 *
 * <p>Scripts are sent with {@code EVAL} (not {@code EVALSHA}): they are small, and a restarted
 * Redis has an empty script cache.
 */
public final class RedisLeadership implements Leadership {
  private static final Logger log = LoggerFactory.getLogger(RedisLeadership.class);

  /** 2 = acquired, 1 = renewed, 0 = held by another token. */
  static final String ACQUIRE_OR_RENEW =
      """
      local holder = redis.call('GET', KEYS[1])
      if holder == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      if not holder then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 2
      end
      return 0
      """;

  /** 1 = written, 0 = the lease is not ours, -1 = a newer snapshot is stored. */
  static final String FENCED_WRITE =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        return 0
      end
      local current = redis.call('GET', KEYS[2])
      if current then
        local ok, stored = pcall(cjson.decode, current)
        if ok and type(stored) == 'table' and type(stored.generatedAt) == 'string'
            and stored.generatedAt > ARGV[3] then
          return -1
        end
      end
      redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1
      """;

  static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisConnection redis;
  private final SnapshotJson json;
  private final String workload;
  private final String token;
  private final Duration leaseTtl;
  private final Duration snapshotTtl;
  private volatile boolean leader;

  /**
   * @param token this process' lease token: unique per process (random), readable by an operator
   * @param leaseTtl how long the lease outlives the last renewal; a follower takes over within this
   *     plus one tick after the leader dies
   */
  public RedisLeadership(
      RedisConnection redis,
      SnapshotJson json,
      String workload,
      String token,
      Duration leaseTtl,
      Duration snapshotTtl) {
    this.redis = redis;
    this.json = json;
    this.workload = workload;
    this.token = token;
    this.leaseTtl = leaseTtl;
    this.snapshotTtl = snapshotTtl;
  }

  /** The lease TTL for a loop ticking every {@code interval}: two intervals. */
  public static Duration leaseTtl(Duration interval) {
    return interval.multipliedBy(2);
  }

  @Override
  public boolean tryLead() {
    long result =
        eval(ACQUIRE_OR_RENEW, new String[] {RedisKeys.lease(workload)}, token, leaseMs());
    leader = result > 0;
    if (result == 2) {
      log.debug("acquired the lease {} with token {}", RedisKeys.lease(workload), token);
    }
    return leader;
  }

  @Override
  public boolean write(Snapshot snapshot) {
    long result =
        eval(
            FENCED_WRITE,
            new String[] {RedisKeys.lease(workload), RedisKeys.snapshot(snapshot.workload())},
            token,
            json.write(snapshot),
            snapshot.generatedAt().toString(),
            Long.toString(Math.max(1, snapshotTtl.toSeconds())),
            leaseMs());
    if (result == 1) {
      leader = true;
      return true;
    }
    leader = false;
    log.debug(
        "write of the snapshot of {} refused: {}",
        snapshot.generatedAt(),
        result == 0 ? "the lease is not ours" : "a newer snapshot is stored");
    return false;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public void release() {
    if (!leader) {
      return;
    }
    leader = false;
    try {
      if (eval(RELEASE, new String[] {RedisKeys.lease(workload)}, token) == 1) {
        log.info("released the lease of {}", workload);
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not release the lease of {} (it expires by itself): {}", workload, e.getMessage());
    }
  }

  private String leaseMs() {
    return Long.toString(leaseTtl.toMillis());
  }

  private long eval(String script, String[] keys, String... args) {
    try {
      Long result = redis.commands().eval(script, ScriptOutputType.INTEGER, keys, args);
      return result == null ? 0 : result;
    } catch (RedisException e) {
      throw redis.unavailable(e);
    }
  }
}
