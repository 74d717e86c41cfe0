package io.kedastral.forecaster.api;

import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.core.snapshot.SnapshotStore;
import io.kedastral.forecaster.config.ForecasterSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The forecast API of SPEC §1.3. Errors are rendered by {@link ApiErrors}. */
@RestController
class ForecastController {
  static final String STALE_HEADER = "X-Kedastral-Stale";

  private final SnapshotStore store;
  private final Clock clock;
  private final Duration staleAfter;

  ForecastController(SnapshotStore store, Clock clock, ForecasterSettings settings) {
    this.store = store;
    this.clock = clock;
    this.staleAfter = settings.staleAfter();
  }

  @GetMapping(path = "/forecast/current", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Snapshot> current(
      @RequestParam(name = "workload", required = false) String workload) {
    if (workload == null || workload.isBlank()) {
      throw new BadRequestException("query parameter 'workload' is required");
    }
    if (!Snapshot.WORKLOAD_NAME.matcher(workload).matches()) {
      throw new BadRequestException(
          "invalid workload name: letters, digits, '-' and '_', 1-253 characters");
    }
    Snapshot snapshot =
        store
            .get(workload)
            .orElseThrow(
                () -> new NotFoundException("no snapshot for workload '" + workload + "' (yet)"));
    boolean stale = snapshot.isStale(clock.instant(), staleAfter);
    return ResponseEntity.ok()
        .header(STALE_HEADER, Boolean.toString(stale))
        .header("Cache-Control", "no-store")
        .body(snapshot);
  }

  @GetMapping(path = "/workloads", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, List<String>> workloads() {
    return Map.of("workloads", store.workloads());
  }

  static final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
      super(message);
    }
  }

  static final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
      super(message);
    }
  }
}
