package io.kedastral.scaler.grpc;

import io.kedastral.core.series.Durations;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one ScaledObject's trigger asks for (SPEC §3.3): the workload (default: the ScaledObject's
 * name), the metric name (default {@code kedastral-<workload>-desired-replicas}) and the lead time
 * (default: the scaler's {@code LEAD_TIME}). Other metadata keys are ignored.
 */
record TriggerMetadata(String workload, String metricName, Duration leadTime) {
  static final String WORKLOAD = "workload";
  static final String METRIC_NAME = "metricName";
  static final String LEAD_TIME = "leadTime";
  static final int ECHO_LIMIT = 80;

  TriggerMetadata {
    Snapshot.requireValidWorkload(workload);
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(leadTime, "leadTime");
  }

  /**
   * Reads the trigger metadata of {@code ref}.
   *
   * @throws InvalidTriggerException naming the key, the value and what is allowed
   */
  static TriggerMetadata from(ScaledObjectRef ref, Duration defaultLeadTime) {
    Map<String, String> meta = ref.getScalerMetadataMap();
    String workload = strip(meta.getOrDefault(WORKLOAD, ""));
    if (workload.isEmpty()) {
      workload = ref.getName();
    }
    if (!Snapshot.WORKLOAD_NAME.matcher(workload).matches()) {
      throw new InvalidTriggerException(
          "invalid workload '"
              + printable(workload)
              + "' (from metadata 'workload' or the ScaledObject name): letters, digits, '-' and"
              + " '_', starting and ending with a letter or digit, 1-253 characters");
    }
    String metricName = strip(meta.getOrDefault(METRIC_NAME, ""));
    if (metricName.isEmpty()) {
      metricName = "kedastral-" + workload + "-desired-replicas";
    }
    return new TriggerMetadata(workload, metricName, leadTime(meta, defaultLeadTime));
  }

  private static Duration leadTime(Map<String, String> meta, Duration defaultLeadTime) {
    String raw = meta.get(LEAD_TIME);
    if (raw == null || raw.isBlank()) {
      return defaultLeadTime;
    }
    try {
      Duration d = Durations.parse(raw);
      if (!d.isNegative()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidTriggerException(
        "invalid metadata leadTime='" + printable(raw) + "': a duration such as 30s, 5m, 1h30m");
  }

  /**
   * {@code value} safe to echo in a status description and a log line: control characters as
   * Java-style unicode escapes, at most {@link #ECHO_LIMIT} characters (then {@code ...}), so a
   * hostile name cannot forge log lines or blow up KEDA's events.
   */
  static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (; i < value.length() && sb.length() < ECHO_LIMIT; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return i < value.length() ? sb + "..." : sb.toString();
  }

  private static String strip(String s) {
    return s == null ? "" : s.strip();
  }

  /** The trigger metadata cannot be used; answered with {@code INVALID_ARGUMENT}. */
  static final class InvalidTriggerException extends RuntimeException {
    InvalidTriggerException(String message) {
      super(message);
    }
  }
}
