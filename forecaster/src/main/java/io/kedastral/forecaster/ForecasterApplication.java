package io.kedastral.forecaster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The forecaster: one workload's metric → forecast → replicas → snapshot at /forecast/current. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ForecasterApplication {
  public static void main(String[] args) {
    SpringApplication.run(ForecasterApplication.class, args);
  }
}
