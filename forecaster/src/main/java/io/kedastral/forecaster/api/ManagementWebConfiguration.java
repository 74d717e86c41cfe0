package io.kedastral.forecaster.api;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every port that serves HTTP has: {@code /healthz} and the {@link MethodGuardFilter} (GET and
 * HEAD only). Component scanning puts it into the application context (the API port); it is also
 * listed as a management context configuration, so a separate management server ({@code
 * MANAGEMENT_PORT}) gets the same — while the forecast API's controllers stay on the API port.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@Import(HealthzController.class)
public class ManagementWebConfiguration {

  @Bean
  FilterRegistrationBean<MethodGuardFilter> methodGuardFilter(JsonMapper json) {
    var registration = new FilterRegistrationBean<>(new MethodGuardFilter(json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
