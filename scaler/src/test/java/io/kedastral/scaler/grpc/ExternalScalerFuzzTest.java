package io.kedastral.scaler.grpc;

import static io.kedastral.scaler.testsupport.ScriptedForecaster.snapshotJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fuzzes the gRPC handlers through an in-process server with the real service, cache and HTTP
 * client in front of a scripted forecaster: any ScaledObjectRef (name, namespace, metadata map) and
 * metric name gives an answer, {@code INVALID_ARGUMENT} (bad metadata) or {@code UNAVAILABLE} (no
 * usable snapshot) with a description; never {@code INTERNAL}/{@code UNKNOWN} (an unexpected
 * exception), and every forecaster request carries exactly one, encoded, {@code workload}
 * parameter. Seeds: {@code ExternalScalerFuzzTestInputs/}.
 */
class ExternalScalerFuzzTest {
  private static final Set<Status.Code> EXPECTED =
      Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.UNAVAILABLE);
  private static InProcessScaler scaler;
  private static ExternalScalerBlockingStub stub;

  private static synchronized ExternalScalerBlockingStub stub() {
    if (stub == null) {
      // Jazzer's SSRF detector refuses every connection by default; the stand-in is on loopback
      BugDetectors.allowNetworkConnections(
          (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
      try {
        scaler = new InProcessScaler();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      scaler.forecaster.serve(snapshotJson("my-api", InProcessScaler.T0, 60, 2, 3, 7, 4, 5, 1));
      stub = ExternalScalerGrpc.newBlockingStub(scaler.channel);
    }
    return stub;
  }

  @FuzzTest
  void answersOrRefusesWithAnExpectedStatus(FuzzedDataProvider data) {
    // a deadline turns a call that never ends into a finding instead of a stuck run
    ExternalScalerBlockingStub s = stub().withDeadlineAfter(10, TimeUnit.SECONDS);
    ScaledObjectRef.Builder ref =
        ScaledObjectRef.newBuilder()
            .setName(data.consumeString(300))
            .setNamespace(data.consumeString(20));
    int keys = data.consumeInt(0, 8);
    for (int i = 0; i < keys; i++) {
      String key =
          switch (data.consumeInt(0, 3)) {
            case 0 -> "workload";
            case 1 -> "metricName";
            case 2 -> "leadTime";
            default -> data.consumeString(10);
          };
      ref.putScalerMetadata(key, data.consumeString(300));
    }
    int method = data.consumeInt(0, 2);
    String metricName = data.consumeRemainingAsString();
    int before = scaler.forecaster.requests().size();
    try {
      switch (method) {
        case 0 -> assertThat(s.getMetricSpec(ref.build()).getMetricSpecsList()).hasSize(1);
        case 1 ->
            assertThat(
                    s.getMetrics(
                            GetMetricsRequest.newBuilder()
                                .setScaledObjectRef(ref)
                                .setMetricName(metricName)
                                .build())
                        .getMetricValuesList())
                .hasSize(1);
        default -> s.isActive(ref.build());
      }
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isIn(EXPECTED);
      assertThat(e.getStatus().getDescription()).isNotBlank();
    }
    scaler.forecaster.requests().stream()
        .skip(before)
        .forEach(
            uri -> {
              assertThat(uri.getPath()).isEqualTo("/forecast/current");
              assertThat(uri.getRawQuery()).startsWith("workload=").doesNotContain("&", "#");
            });
  }
}
