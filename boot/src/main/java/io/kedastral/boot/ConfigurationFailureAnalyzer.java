package io.kedastral.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints invalid settings as a short list instead of a stack trace when start-up stops. */
public final class ConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidConfigurationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Fix the environment variables listed above (see docs/CONFIGURATION.md) and restart.",
        cause);
  }
}
