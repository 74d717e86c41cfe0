package io.kedastral.scaler;

import io.kedastral.scaler.ask.AskCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The KEDA external scaler: gRPC {@code externalscaler.ExternalScaler} on {@code GRPC_PORT}
 * (50051), {@code /healthz}, {@code /readyz}, {@code /livez} and {@code /metrics} on {@code
 * SERVER_PORT} (8082). {@code java -jar scaler.jar ask ...} instead runs {@link AskCommand}, a
 * client that shows what KEDA would get.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScalerApplication {
  public static void main(String[] args) {
    if (args.length > 0 && AskCommand.NAME.equals(args[0])) {
      System.exit(AskCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
    }
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
