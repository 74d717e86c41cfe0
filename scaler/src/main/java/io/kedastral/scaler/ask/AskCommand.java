package io.kedastral.scaler.ask;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricSpecResponse;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.MetricSpec;
import io.kedastral.proto.externalscaler.MetricValue;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar scaler.jar ask --address=localhost:50051 --name=demo [--namespace=default]
 * [--workload=...] [--metricName=...] [--leadTime=...]}: calls the scaler the way KEDA does for one
 * polling interval (GetMetricSpec, then GetMetrics with the spec's metric name, then IsActive) and
 * prints what KEDA would see, errors included. Exit code 0 when every call succeeded, 1 when one
 * failed, 2 on a usage error.
 */
public final class AskCommand {
  public static final String NAME = "ask";
  private static final String USAGE =
      "usage: ask --address=HOST:PORT --name=SCALEDOBJECT [--namespace=NS] [--workload=W]"
          + " [--metricName=M] [--leadTime=5m] [--timeout-seconds=5]";

  private AskCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 3) {
        out.println(USAGE);
        return 2;
      }
      opts.put(a.substring(2, eq), a.substring(eq + 1));
    }
    String address = opts.remove("address");
    String name = opts.remove("name");
    String namespace = opts.getOrDefault("namespace", "default");
    opts.remove("namespace");
    long timeout = Long.parseLong(opts.getOrDefault("timeout-seconds", "5"));
    opts.remove("timeout-seconds");
    if (address == null || name == null || !address.contains(":")) {
      out.println(USAGE);
      return 2;
    }
    ScaledObjectRef ref =
        ScaledObjectRef.newBuilder()
            .setName(name)
            .setNamespace(namespace)
            .putAllScalerMetadata(opts)
            .build();
    int colon = address.lastIndexOf(':');
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
            .usePlaintext()
            .build();
    try {
      return ask(ExternalScalerGrpc.newBlockingStub(channel), ref, timeout, out);
    } finally {
      channel.shutdownNow();
    }
  }

  private static int ask(
      ExternalScalerBlockingStub stub, ScaledObjectRef ref, long timeout, PrintStream out) {
    out.println(
        "ScaledObject "
            + ref.getNamespace()
            + "/"
            + ref.getName()
            + ", metadata "
            + ref.getScalerMetadataMap());
    String metricName = "";
    int failures = 0;
    try {
      GetMetricSpecResponse spec =
          stub.withDeadlineAfter(timeout, TimeUnit.SECONDS).getMetricSpec(ref);
      MetricSpec s = spec.getMetricSpecs(0);
      metricName = s.getMetricName();
      out.printf(
          "GetMetricSpec -> metricName=%s targetSize=%d targetSizeFloat=%s%n",
          s.getMetricName(), s.getTargetSize(), s.getTargetSizeFloat());
    } catch (StatusRuntimeException e) {
      failures++;
      out.println("GetMetricSpec -> " + describe(e));
    }
    try {
      GetMetricsResponse metrics =
          stub.withDeadlineAfter(timeout, TimeUnit.SECONDS)
              .getMetrics(
                  GetMetricsRequest.newBuilder()
                      .setScaledObjectRef(ref)
                      .setMetricName(metricName)
                      .build());
      MetricValue v = metrics.getMetricValues(0);
      out.printf(
          "GetMetrics    -> metricName=%s metricValue=%d metricValueFloat=%s%n",
          v.getMetricName(), v.getMetricValue(), v.getMetricValueFloat());
    } catch (StatusRuntimeException e) {
      failures++;
      out.println("GetMetrics    -> " + describe(e));
    }
    try {
      boolean active = stub.withDeadlineAfter(timeout, TimeUnit.SECONDS).isActive(ref).getResult();
      out.println("IsActive      -> " + active);
    } catch (StatusRuntimeException e) {
      failures++;
      out.println("IsActive      -> " + describe(e));
    }
    return failures == 0 ? 0 : 1;
  }

  private static String describe(StatusRuntimeException e) {
    return e.getStatus().getCode()
        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
  }
}
