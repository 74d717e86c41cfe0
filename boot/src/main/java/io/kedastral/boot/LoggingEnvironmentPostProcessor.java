package io.kedastral.boot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code LOG_FORMAT} ({@code text} | {@code json}) and {@code LOG_LEVEL} onto Spring Boot's
 * logging properties before the logging system starts. {@code json} selects Elastic Common Schema
 * lines on the console (MDC, e.g. the workload, included). Invalid values stop start-up.
 */
public final class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> props = new HashMap<>();
    String format = env.getProperty("LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
    switch (format) {
      case "json" -> props.put("logging.structured.format.console", "ecs");
      case "text" -> {}
      default ->
          problems.add(
              "LOG_FORMAT='"
                  + env.getProperty("LOG_FORMAT")
                  + "' is invalid: allowed is text or json");
    }
    String level = env.getProperty("LOG_LEVEL", "info").strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      problems.add(
          "LOG_LEVEL='"
              + env.getProperty("LOG_LEVEL")
              + "' is invalid: allowed is one of "
              + String.join(", ", LEVELS));
    } else {
      props.put("logging.level.root", level);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    env.getPropertySources().addFirst(new MapPropertySource("kedastralLogging", props));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
