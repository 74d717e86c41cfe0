package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cross-checks catch each mistake they exist for. */
class CrossChecksTest {

  private static final String FORECASTER =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: kedastral-forecaster-my-api, namespace: kedastral}
      spec:
        selector: {matchLabels: {app: f}}
        template:
          metadata: {labels: {app: f}}
          spec:
            containers:
              - name: forecaster
                image: ghcr.io/kedastral/forecaster:0.1.0
                ports: [{name: http, containerPort: 8081}, {name: management, containerPort: 8091}]
                env:
                  - {name: WORKLOAD, value: my-api}
                  - {name: METRIC, value: rps}
                  - {name: PROM_QUERY, value: 'sum(rate(x[1m]))'}
                livenessProbe: {httpGet: {path: /livez, port: http}}
                readinessProbe: {httpGet: {path: /readyz, port: http}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: kedastral-forecaster-my-api, namespace: kedastral}
      spec:
        selector: {app: f}
        ports: [{name: http, port: 8081, targetPort: http}]
      ---
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata: {name: my-api, namespace: shop}
      spec:
        scaleTargetRef: {name: my-api}
        triggers:
          - type: external
            metadata:
              scalerAddress: kedastral-scaler.kedastral.svc.cluster.local:50051
              workload: my-api
              leadTime: 5m
      """;

  private static List<String> problems(String yaml) {
    return CrossChecks.problems(Manifests.parse(yaml, "test"));
  }

  @Test
  void consistentManifestsPass() {
    assertThat(problems(FORECASTER)).isEmpty();
  }

  @Test
  void variablesTheAppDoesNotReadOrRequiredOnesMissingAreReported() {
    assertThat(problems(FORECASTER.replace("name: METRIC", "name: METRICS")))
        .anySatisfy(p -> assertThat(p).contains("sets METRICS, which the forecaster does not read"))
        .anySatisfy(p -> assertThat(p).contains("does not set METRIC (required)"));
    assertThat(problems(FORECASTER.replace("name: PROM_QUERY", "name: ADAPTER_QUERY")))
        .isEmpty(); // the SPEC's alias is read too
  }

  @Test
  void probesMustAskServedPathsOnTheServingPort() {
    assertThat(problems(FORECASTER.replace("path: /livez", "path: /health")))
        .anySatisfy(p -> assertThat(p).contains("asks /health"));
    String tls =
        FORECASTER.replace(
            "- {name: METRIC, value: rps}",
            "- {name: METRIC, value: rps}\n            - {name: TLS_ENABLED, value: 'true'}");
    assertThat(problems(tls))
        .anySatisfy(p -> assertThat(p).contains("livenessProbe uses port \"http\"", "on 8091"));
    assertThat(problems(tls.replace("port: http}}", "port: management}}"))).isEmpty();
  }

  @Test
  void servicesMustSelectPodsAndTargetTheirPorts() {
    assertThat(problems(FORECASTER.replace("selector: {app: f}", "selector: {app: g}")))
        .anySatisfy(p -> assertThat(p).contains("selects no pods"));
    assertThat(problems(FORECASTER.replace("targetPort: http", "targetPort: api")))
        .anySatisfy(p -> assertThat(p).contains("targetPort \"api\""));
  }

  @Test
  void scaledObjectsUseOnlyKeysTheScalerOrKedaReadAndAQualifiedAddress() {
    assertThat(CrossChecks.scalerMetadataKeys())
        .containsExactly("leadTime", "metricName", "workload");
    assertThat(problems(FORECASTER.replace("leadTime: 5m", "lead_time: 5m")))
        .anySatisfy(p -> assertThat(p).contains("metadata key 'lead_time'"));
    assertThat(problems(FORECASTER.replace(".kedastral.svc.cluster.local:50051", ":50051")))
        .anySatisfy(p -> assertThat(p).contains("must be <service>.<namespace>.svc"));
  }
}
