package io.kedastral.forecaster.backtest;

/** A bad command line: the message names the argument and what is allowed (exit code 2). */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
