package io.kedastral.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Rules the API server enforces on built-in kinds beyond their types, for the kinds our manifests
 * use: a workload's selector must match its pod template; containers need a name and an image; port
 * names are IANA service names; env names are unique and valid; a probe's named port exists; a
 * volume mount names a volume of the pod; a Service port has a port; a PodDisruptionBudget has a
 * selector and exactly one of minAvailable/maxUnavailable.
 */
final class BuiltInRules {

  private BuiltInRules() {}

  static void check(Manifests.Doc doc, List<String> problems) {
    JsonNode spec = doc.json().path("spec");
    switch (doc.kind()) {
      case "Deployment", "StatefulSet", "DaemonSet" -> {
        JsonNode matchLabels = spec.path("selector").path("matchLabels");
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        if (!spec.path("selector").isObject()) {
          problems.add(doc.where() + ": spec.selector is required");
        }
        for (var entry : matchLabels.properties()) {
          if (!entry.getValue().equals(templateLabels.get(entry.getKey()))) {
            problems.add(
                doc.where()
                    + ": selector "
                    + entry.getKey()
                    + "="
                    + entry.getValue()
                    + " does not match the pod template's labels");
          }
        }
        pod(doc, spec.path("template").path("spec"), problems);
      }
      case "Pod" -> pod(doc, spec, problems);
      case "Job" -> pod(doc, spec.path("template").path("spec"), problems);
      case "Service" -> {
        if (!spec.path("ports").isArray() || spec.path("ports").isEmpty()) {
          problems.add(doc.where() + ": a Service needs ports");
        }
        for (JsonNode port : spec.path("ports")) {
          if (!port.path("port").isInt()) {
            problems.add(doc.where() + ": every Service port needs a numeric port");
          }
          if (spec.path("ports").size() > 1 && !port.has("name")) {
            problems.add(doc.where() + ": Service ports must be named when there are several");
          }
          String name = port.path("name").asString("");
          if (!name.isEmpty() && !Manifests.validPortName(name)) {
            problems.add(doc.where() + ": invalid port name '" + name + "'");
          }
        }
      }
      case "PodDisruptionBudget" -> {
        if (!spec.path("selector").isObject()) {
          problems.add(doc.where() + ": spec.selector is required");
        }
        if (spec.has("minAvailable") == spec.has("maxUnavailable")) {
          problems.add(doc.where() + ": exactly one of minAvailable and maxUnavailable");
        }
      }
      default -> {}
    }
  }

  private static void pod(Manifests.Doc doc, JsonNode pod, List<String> problems) {
    Set<String> volumes = new HashSet<>();
    for (JsonNode volume : pod.path("volumes")) {
      if (!volumes.add(volume.path("name").asString(""))) {
        problems.add(doc.where() + ": duplicate volume " + volume.path("name"));
      }
    }
    if (!pod.path("containers").isArray() || pod.path("containers").isEmpty()) {
      problems.add(doc.where() + ": a pod needs containers");
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : pod.path(list)) {
        container(doc, container, volumes, problems);
      }
    }
  }

  private static void container(
      Manifests.Doc doc, JsonNode container, Set<String> volumes, List<String> problems) {
    String name = container.path("name").asString("");
    String where = doc.where() + ": container '" + name + "'";
    if (name.isEmpty() || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      problems.add(where + ": name must be a DNS-1123 label");
    }
    if (container.path("image").asString("").isBlank()) {
      problems.add(where + ": image is required");
    }
    Set<String> portNames = new HashSet<>();
    for (JsonNode port : container.path("ports")) {
      if (!port.path("containerPort").isInt()) {
        problems.add(where + ": every port needs a numeric containerPort");
      }
      String portName = port.path("name").asString("");
      if (!portName.isEmpty()) {
        if (!Manifests.validPortName(portName)) {
          problems.add(where + ": invalid port name '" + portName + "' (at most 15 characters)");
        }
        if (!portNames.add(portName)) {
          problems.add(where + ": duplicate port name '" + portName + "'");
        }
      }
    }
    Set<String> envNames = new HashSet<>();
    for (JsonNode env : container.path("env")) {
      String envName = env.path("name").asString("");
      if (!Manifests.validEnvName(envName)) {
        problems.add(where + ": invalid env name '" + envName + "'");
      }
      if (!envNames.add(envName)) {
        problems.add(where + ": env " + envName + " is set twice");
      }
      if (env.has("value") && env.has("valueFrom")) {
        problems.add(where + ": env " + envName + " has both value and valueFrom");
      }
      if (env.has("value") && !env.get("value").isString()) {
        problems.add(where + ": env " + envName + " value must be a string (quote it)");
      }
    }
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode handler = container.path(probe);
      if (handler.isMissingNode()) {
        continue;
      }
      JsonNode port = handler.path("httpGet").path("port");
      if (port.isMissingNode()) {
        port = handler.path("tcpSocket").path("port");
      }
      if (port.isMissingNode()) {
        port = handler.path("grpc").path("port");
      }
      if (port.isString() && !portNames.contains(port.asString())) {
        problems.add(
            where + ": " + probe + " names port '" + port.asString() + "' it does not have");
      }
    }
    for (JsonNode mount : container.path("volumeMounts")) {
      String volume = mount.path("name").asString("");
      if (!volumes.contains(volume)) {
        problems.add(where + ": volumeMount of unknown volume '" + volume + "'");
      }
    }
  }
}
