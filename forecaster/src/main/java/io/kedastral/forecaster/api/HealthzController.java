package io.kedastral.forecaster.api;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /healthz}: 200 {@code OK} while the process is live. Served wherever the Actuator
 * endpoints are: on the API port, and also on {@code MANAGEMENT_PORT} when there is one ({@link
 * ManagementWebConfiguration}).
 */
@RestController
class HealthzController {

  @GetMapping(path = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
  String healthz() {
    return "OK";
  }
}
