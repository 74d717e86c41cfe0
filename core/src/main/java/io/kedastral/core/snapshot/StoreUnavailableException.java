package io.kedastral.core.snapshot;

/** The snapshot store cannot be reached or answered with something unreadable. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
