package io.kedastral.forecaster;

import io.kedastral.forecaster.backtest.BacktestCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The forecaster: one workload's metric → forecast → replicas → snapshot at /forecast/current. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ForecasterApplication {
  public static void main(String[] args) {
    if (args.length > 0 && BacktestCommand.NAME.equals(args[0])) {
      // the backtest is a command line tool: no Spring context, no web server
      BacktestCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(ForecasterApplication.class, args);
  }
}
