package io.kedastral.scaler.forecast;

import java.util.Locale;
import java.util.Objects;

/**
 * No trustworthy snapshot for a workload: the forecaster is unreachable, slow, has none, answered
 * something invalid, or what it has is too old. The scaler turns it into gRPC {@code UNAVAILABLE}
 * with the message as description, so KEDA applies its {@code fallback}.
 */
public final class SnapshotUnavailableException extends RuntimeException {

  /** Why; the lower-case name is the {@code reason} label of the fetch-error counter. */
  public enum Reason {
    /** Connection refused, reset, DNS failure, ... */
    UNREACHABLE,
    /** No complete answer within {@code FORECASTER_TIMEOUT}. */
    TIMEOUT,
    /** 404: the forecaster has no snapshot for this workload (yet). */
    NOT_FOUND,
    /** Any other non-2xx answer. */
    BAD_STATUS,
    /** Not a valid snapshot: bad JSON, too large, non-finite numbers, wrong lengths, step <= 0. */
    MALFORMED,
    /** Older than {@code STALE_AFTER}. */
    STALE,
    /** Every step of the snapshot lies in the past. */
    EXPIRED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  public SnapshotUnavailableException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SnapshotUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
