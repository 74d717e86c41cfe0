package io.kedastral.forecaster.config;

import io.kedastral.boot.InvalidConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code TLS_*} and {@code MANAGEMENT_PORT} into Spring Boot's web server properties before
 * the context starts: a PEM SSL bundle re-read when its files change ({@code reload-on-update}),
 * HTTPS on the API port with client certificates required when a CA is given, the TLS versions
 * allowed, and a separate plain-HTTP management server for probes and {@code /metrics}.
 *
 * <p>Invalid settings add nothing here: the context then stops at {@link SettingsParser#parse} with
 * every problem listed, before any port is opened.
 */
public final class ServerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  /** The name of the SSL bundle of the API port. */
  public static final String BUNDLE = "kedastral-api";

  static final String SOURCE = "kedastralServer";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    ForecasterProperties properties =
        Binder.get(env).bind("kedastral", ForecasterProperties.class).orElse(null);
    if (properties == null) {
      return;
    }
    ServerSettings server;
    try {
      server = SettingsParser.parseServer(properties);
    } catch (InvalidConfigurationException e) {
      return; // reported with all other problems by SettingsParser.parse
    }
    Map<String, Object> props = properties(server);
    if (!props.isEmpty()) {
      env.getPropertySources().addFirst(new MapPropertySource(SOURCE, props));
    }
  }

  /** The Spring Boot properties for {@code server}; none without TLS and management port. */
  static Map<String, Object> properties(ServerSettings server) {
    Map<String, Object> props = new HashMap<>();
    ServerSettings.Tls tls = server.tls();
    if (tls != null) {
      String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".";
      props.put(bundle + "reload-on-update", "true");
      props.put(bundle + "keystore.certificate", location(tls.certFile()));
      props.put(bundle + "keystore.private-key", location(tls.keyFile()));
      // a rotated key that does not belong to the certificate is refused (the old pair stays)
      props.put(bundle + "keystore.verify-keys", "true");
      props.put(
          bundle + "options.enabled-protocols",
          tls.protocols().stream().collect(Collectors.joining(",")));
      props.put("server.ssl.enabled", "true");
      props.put("server.ssl.bundle", BUNDLE);
      if (tls.mutual()) {
        props.put(bundle + "truststore.certificate", location(tls.caFile()));
        props.put("server.ssl.client-auth", "need");
      }
    }
    if (server.managementPort() != null) {
      props.put("management.server.port", String.valueOf(server.managementPort()));
      props.put("management.server.ssl.enabled", "false");
      // The probe paths follow the health endpoint onto the management port (Spring Boot's
      // default puts them on the main port).
      String groups = "management.endpoint.health.group.";
      props.put(groups + "liveness.include", "livenessState");
      props.put(groups + "liveness.additional-path", "management:/livez");
      props.put(groups + "readiness.additional-path", "management:/readyz");
    }
    return props;
  }

  private static String location(java.nio.file.Path file) {
    return file.toUri().toString();
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
