package io.kedastral.core.source;

/**
 * A metric source could not answer. {@link #reason()} is a short, low-cardinality label for the
 * {@code kedastral_errors_total{reason}} counter ({@code unreachable}, {@code timeout}, {@code
 * http_status}, {@code bad_query}, {@code malformed}, ...).
 */
public class MetricSourceException extends RuntimeException {
  private final String reason;

  public MetricSourceException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MetricSourceException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
