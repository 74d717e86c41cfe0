package io.kedastral.scaler.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kedastral.core.snapshot.Snapshot;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.time.Duration;

/**
 * Fuzzes the reading of a ScaledObject's trigger metadata: any name and metadata map give a trigger
 * with a valid workload and a non-negative lead time, or {@link
 * TriggerMetadata.InvalidTriggerException} (answered {@code INVALID_ARGUMENT}) with a bounded,
 * single-line message; nothing else escapes. Seeds: {@code TriggerMetadataFuzzTestInputs/}.
 */
class TriggerMetadataFuzzTest {
  @FuzzTest
  void readsAValidTriggerOrRefusesWithAClearMessage(FuzzedDataProvider data) {
    ScaledObjectRef.Builder ref =
        ScaledObjectRef.newBuilder().setName(data.consumeString(300)).setNamespace("ns");
    int keys = data.consumeInt(0, 6);
    for (int i = 0; i < keys; i++) {
      String key =
          switch (data.consumeInt(0, 3)) {
            case 0 -> TriggerMetadata.WORKLOAD;
            case 1 -> TriggerMetadata.METRIC_NAME;
            case 2 -> TriggerMetadata.LEAD_TIME;
            default -> data.consumeString(10);
          };
      ref.putScalerMetadata(key, data.consumeString(300));
    }
    TriggerMetadata t;
    try {
      t = TriggerMetadata.from(ref.build(), Duration.ofMinutes(5));
    } catch (TriggerMetadata.InvalidTriggerException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n", "\r").hasSizeLessThan(400);
      return;
    }
    assertThat(Snapshot.WORKLOAD_NAME.matcher(t.workload()).matches()).isTrue();
    assertThat(t.leadTime().isNegative()).isFalse();
    assertThat(t.metricName()).isNotEmpty();
  }
}
