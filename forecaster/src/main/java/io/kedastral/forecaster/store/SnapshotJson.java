package io.kedastral.forecaster.store;

import io.kedastral.core.snapshot.Snapshot;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot as stored in Redis: exactly the JSON served by {@code /forecast/current}, written by
 * the same mapper (so the same key order), read back through the record's own validation.
 */
public final class SnapshotJson {
  private final JsonMapper mapper;

  public SnapshotJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Snapshot snapshot) {
    return mapper.writeValueAsString(snapshot);
  }

  /**
   * Parses a stored value.
   *
   * @throws IllegalArgumentException when it is not a valid snapshot (malformed JSON, a missing
   *     key, non-finite numbers, lengths that do not match)
   */
  public Snapshot read(String json) {
    Snapshot snapshot;
    try {
      snapshot = mapper.readValue(json, Snapshot.class);
    } catch (JacksonException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(
          "not a snapshot: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""),
          e);
    }
    if (snapshot == null) {
      // found by SnapshotJsonFuzzTest: the JSON literal null read as a null snapshot
      throw new IllegalArgumentException("not a snapshot: null");
    }
    return snapshot;
  }
}
