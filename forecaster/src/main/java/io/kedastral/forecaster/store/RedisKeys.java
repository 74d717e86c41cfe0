package io.kedastral.forecaster.store;

/** The Redis keys of SPEC §1.4 and of the writer lease. */
final class RedisKeys {
  static final String SNAPSHOT_PREFIX = "kedastral:snapshot:";
  static final String LEASE_PREFIX = "kedastral:lease:";

  private RedisKeys() {}

  static String snapshot(String workload) {
    return SNAPSHOT_PREFIX + workload;
  }

  static String lease(String workload) {
    return LEASE_PREFIX + workload;
  }
}
