package io.kedastral.core.testing;

import java.util.stream.Stream;

/**
 * The Actuator routes neither application may expose (only health and the Prometheus scrape are),
 * under Actuator's default base path and under the root base path the applications use. For
 * {@code @MethodSource("io.kedastral.core.testing.ActuatorPaths#hidden")}.
 */
public final class ActuatorPaths {
  private ActuatorPaths() {}

  public static Stream<String> hidden() {
    return Stream.of(
        "/actuator",
        "/actuator/env",
        "/env",
        "/actuator/beans",
        "/beans",
        "/actuator/heapdump",
        "/heapdump",
        "/actuator/configprops",
        "/configprops",
        "/actuator/threaddump",
        "/threaddump",
        "/actuator/info",
        "/actuator/loggers",
        "/actuator/mappings",
        "/actuator/shutdown",
        "/shutdown");
  }
}
