package io.kedastral.boot;

import java.util.List;

/**
 * One or more settings are invalid. Start-up stops with every problem listed, each naming the
 * variable, the value given and what is allowed.
 */
public class InvalidConfigurationException extends RuntimeException {
  private final List<String> problems;

  public InvalidConfigurationException(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
