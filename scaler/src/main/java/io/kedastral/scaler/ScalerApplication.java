package io.kedastral.scaler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The KEDA external scaler. This build serves only its HTTP health and metrics endpoints; the gRPC
 * {@code externalscaler.ExternalScaler} service arrives with its own issue (see README.md).
 */
@SpringBootApplication
public class ScalerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ScalerApplication.class, args);
  }

  @RestController
  static class Health {
    @GetMapping(path = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
    String healthz() {
      return "OK";
    }
  }
}
