package io.kedastral.forecaster.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.core.snapshot.StoreUnavailableException;
import io.kedastral.core.testing.MutableClock;
import io.kedastral.forecaster.config.ForecasterSettings;
import io.kedastral.forecaster.config.TestSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

/** The controller and its error rendering alone, with a snapshot store that cannot be reached. */
@WebMvcTest(ForecastController.class)
class ForecastControllerSliceTest {

  @TestConfiguration
  static class Beans {
    @Bean
    SnapshotStore unreachableStore() {
      return new SnapshotStore() {
        @Override
        public void put(Snapshot snapshot) {
          throw new StoreUnavailableException("connection refused", null);
        }

        @Override
        public Optional<Snapshot> get(String workload) {
          throw new StoreUnavailableException("connection refused", null);
        }

        @Override
        public List<String> workloads() {
          throw new StoreUnavailableException("connection refused", null);
        }
      };
    }

    @Bean
    Clock clock() {
      return new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Bean
    ForecasterSettings settings() {
      return TestSettings.parse();
    }
  }

  @Autowired MockMvc mvc;

  @Test
  void answers503WithAProblemWhenTheStoreIsUnreachable() throws Exception {
    mvc.perform(get("/forecast/current").param("workload", "my-api"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.error").value("snapshot store unavailable"));
    mvc.perform(get("/workloads")).andExpect(status().isServiceUnavailable());
  }

  @Test
  void validatesTheNameBeforeTouchingTheStore() throws Exception {
    mvc.perform(get("/forecast/current").param("workload", "x".repeat(10_000)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("invalid workload")));
  }
}
