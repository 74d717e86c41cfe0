package io.kedastral.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator itself: what it accepts, and that each class of mistake is caught. */
class ManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo
        namespace: kedastral
        labels: {app: demo}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: demo}
        template:
          metadata:
            labels: {app: demo}
          spec:
            containers:
              - name: app
                image: ghcr.io/kedastral/forecaster:0.1.0
                ports: [{name: http, containerPort: 8081}]
                env: [{name: WORKLOAD, value: demo}]
                resources:
                  requests: {cpu: 100m, memory: 256Mi}
                readinessProbe:
                  httpGet: {path: /readyz, port: http}
                volumeMounts: [{name: tmp, mountPath: /tmp}]
            volumes: [{name: tmp, emptyDir: {}}]
      """;

  private static final String SCALED_OBJECT =
      """
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata: {name: my-api, namespace: shop}
      spec:
        scaleTargetRef: {name: my-api}
        minReplicaCount: 2
        maxReplicaCount: 10
        triggers:
          - type: external
            metadata:
              scalerAddress: kedastral-scaler.kedastral.svc.cluster.local:50051
              workload: my-api
      """;

  private static List<String> problemsOf(String yaml) {
    return Manifests.parse(yaml, "test").stream()
        .flatMap(d -> Manifests.problems(d).stream())
        .toList();
  }

  @Test
  void aCorrectDeploymentAndScaledObjectPass() {
    assertThat(problemsOf(DEPLOYMENT)).isEmpty();
    assertThat(problemsOf(SCALED_OBJECT)).isEmpty();
    Manifests.assertValid(Manifests.parse(DEPLOYMENT + "---\n" + SCALED_OBJECT, "test"));
  }

  @Test
  void anUnknownFieldAnywhereInABuiltInKindIsReportedWithItsPath() {
    assertThat(problemsOf(DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  replica: 3")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Deployment.spec.replica", "unknown field");
    assertThat(
            problemsOf(DEPLOYMENT.replace("image:", "imagePullPolicyy: Always\n          image:")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("containers[0].imagePullPolicyy");
  }

  @Test
  void aValueOfTheWrongTypeIsReported() {
    assertThat(problemsOf(DEPLOYMENT.replace("replicas: 2", "replicas: [2]"))).isNotEmpty();
    assertThat(problemsOf(DEPLOYMENT.replace("value: demo", "value: 3")))
        .anySatisfy(p -> assertThat(p).contains("WORKLOAD value must be a string"));
  }

  @Test
  void rulesBeyondTypesAreChecked() {
    assertThat(problemsOf(DEPLOYMENT.replace("memory: 256Mi", "memory: 256MB")))
        .anySatisfy(p -> assertThat(p).contains("invalid quantity"));
    assertThat(problemsOf(DEPLOYMENT.replace("port: http}", "port: web}")))
        .anySatisfy(p -> assertThat(p).contains("names port 'web'"));
    assertThat(
            problemsOf(DEPLOYMENT.replace("matchLabels: {app: demo}", "matchLabels: {app: other}")))
        .anySatisfy(p -> assertThat(p).contains("does not match the pod template"));
    assertThat(problemsOf(DEPLOYMENT.replace("[{name: tmp, emptyDir: {}}]", "[]")))
        .anySatisfy(p -> assertThat(p).contains("unknown volume 'tmp'"));
    assertThat(problemsOf(DEPLOYMENT.replace("name: demo\n", "name: Demo_1\n")))
        .anySatisfy(p -> assertThat(p).contains("not a DNS-1123 subdomain"));
    assertThat(
            problemsOf(
                DEPLOYMENT.replace(
                    "[{name: WORKLOAD, value: demo}]",
                    "[{name: WORKLOAD, value: a}, {name: WORKLOAD, value: b}]")))
        .anySatisfy(p -> assertThat(p).contains("WORKLOAD is set twice"));
  }

  @Test
  void customResourcesAreValidatedAgainstTheirCrdSchemas() {
    assertThat(problemsOf(SCALED_OBJECT.replace("workload: my-api", "workload: 3")))
        .anySatisfy(
            p -> assertThat(p).contains("/spec/triggers/0/metadata/workload", "string expected"));
    assertThat(
            problemsOf(
                SCALED_OBJECT.replace(
                    "minReplicaCount: 2", "minReplicaCount: 2\n  minReplicas: 2")))
        .anySatisfy(p -> assertThat(p).contains("minReplicas"));
    assertThat(problemsOf(SCALED_OBJECT.replace("minReplicaCount: 2", "minReplicaCount: 20")))
        .anySatisfy(p -> assertThat(p).contains("minReplicaCount must be less than or equal"));
    assertThat(problemsOf(SCALED_OBJECT.replace("  scaleTargetRef: {name: my-api}\n", "")))
        .anySatisfy(p -> assertThat(p).contains("scaleTargetRef"));
    assertThat(CrdSchemas.kinds())
        .contains(
            "keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication",
            "monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule");
  }

  @Test
  void unknownKindsAndRemovedApiVersionsAreRefused() {
    assertThat(problemsOf("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("unknown kind example.com/v1/Widget");
    assertThat(
            problemsOf(
                "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\n"
                    + "spec: {minAvailable: 1, selector: {matchLabels: {a: b}}}\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("unknown kind policy/v1beta1/PodDisruptionBudget");
  }

  @Test
  void brokenYamlAndDuplicateKeysFailWithTheSourceAndDocument() {
    assertThatThrownBy(() -> Manifests.parse("a: 1\n---\nb: [\n", "broken.yaml"))
        .hasMessageContaining("broken.yaml: YAML document #1 does not parse");
    assertThatThrownBy(() -> Manifests.parse("a: 1\na: 2\n", "dup.yaml"))
        .hasMessageContaining("dup.yaml")
        .hasMessageContaining("a");
    assertThat(Manifests.parse("---\n# only a comment\n---\n", "empty.yaml")).isEmpty();
    assertThatThrownBy(() -> Manifests.assertValid(List.of()))
        .hasMessageContaining("no Kubernetes objects");
  }
}
