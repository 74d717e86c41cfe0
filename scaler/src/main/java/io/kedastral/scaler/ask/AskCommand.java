package io.kedastral.scaler.ask;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.kedastral.boot.tls.PemFiles;
import io.kedastral.boot.tls.PemFiles.Identity;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc.ExternalScalerBlockingStub;
import io.kedastral.proto.externalscaler.GetMetricSpecResponse;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import io.kedastral.proto.externalscaler.MetricSpec;
import io.kedastral.proto.externalscaler.MetricValue;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code java -jar scaler.jar ask --address=localhost:50051 --name=demo [--namespace=default]
 * [--workload=...] [--metricName=...] [--leadTime=...]}: calls the scaler the way KEDA does for one
 * polling interval (GetMetricSpec, then GetMetrics with the spec's metric name, then IsActive) and
 * prints what KEDA would see, errors included. Exit code 0 when every call succeeded, 1 when one
 * failed, 2 on a usage error.
 *
 * <p>Over TLS like KEDA with {@code enableTLS}: {@code --ca=FILE} verifies the scaler's certificate
 * (the TriggerAuthentication's {@code caCert}; the host name of {@code --address} must be in it),
 * {@code --cert=FILE --key=FILE} present a client certificate ({@code tlsClientCert}, {@code
 * tlsClientKey}) for a scaler with {@code GRPC_TLS_CA_FILE}. Any of the three turns TLS on.
 */
public final class AskCommand {
  public static final String NAME = "ask";
  private static final String USAGE =
      "usage: ask --address=HOST:PORT --name=SCALEDOBJECT [--namespace=NS] [--workload=W]"
          + " [--metricName=M] [--leadTime=5m] [--timeout-seconds=5]"
          + " [--ca=CA.crt] [--cert=CLIENT.crt --key=CLIENT.key]";

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
    String namespace = Objects.requireNonNullElse(opts.remove("namespace"), "default");
    String timeout = Objects.requireNonNullElse(opts.remove("timeout-seconds"), "5");
    String ca = opts.remove("ca");
    String cert = opts.remove("cert");
    String key = opts.remove("key");
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (name == null
        || colon < 1
        || (cert == null) != (key == null)
        || !timeout.matches("\\d{1,4}")
        || !address.substring(colon + 1).matches("\\d{1,5}")) {
      out.println(USAGE);
      return 2;
    }
    ChannelCredentials credentials;
    try {
      credentials = credentials(ca, cert, key);
    } catch (IOException | RuntimeException e) {
      out.println("cannot use the TLS files: " + e.getMessage());
      return 2;
    }
    ScaledObjectRef ref =
        ScaledObjectRef.newBuilder()
            .setName(name)
            .setNamespace(namespace)
            .putAllScalerMetadata(opts) // every other option is trigger metadata
            .build();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)),
                credentials)
            .build();
    try {
      return ask(ExternalScalerGrpc.newBlockingStub(channel), ref, Long.parseLong(timeout), out);
    } finally {
      channel.shutdownNow();
    }
  }

  /** Plaintext without TLS options; otherwise TLS with the given CA (or the JVM's) and cert. */
  private static ChannelCredentials credentials(String ca, String cert, String key)
      throws IOException {
    if (ca == null && cert == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (ca != null) {
      tls.trustManager(new File(ca));
    }
    if (cert != null) {
      Identity id = PemFiles.identity("--cert", Path.of(cert), "--key", Path.of(key));
      AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
      keys.updateIdentityCredentials(id.chain().toArray(X509Certificate[]::new), id.key());
      tls.keyManager(keys);
    }
    return tls.build();
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
    ExternalScalerBlockingStub s = stub.withDeadlineAfter(timeout, TimeUnit.SECONDS);
    GetMetricSpecResponse spec =
        call("GetMetricSpec", out, () -> s.getMetricSpec(ref), AskCommand::showSpec);
    // KEDA asks GetMetrics with the metric name the spec gave it
    String metricName = spec == null ? "" : spec.getMetricSpecs(0).getMetricName();
    GetMetricsRequest request =
        GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(metricName).build();
    GetMetricsResponse value =
        call("GetMetrics   ", out, () -> s.getMetrics(request), AskCommand::showValue);
    IsActiveResponse active =
        call("IsActive     ", out, () -> s.isActive(ref), r -> Boolean.toString(r.getResult()));
    return spec != null && value != null && active != null ? 0 : 1;
  }

  /** Prints {@code label -> answer} and returns it, or prints the error and returns null. */
  private static <T> T call(
      String label, PrintStream out, Supplier<T> rpc, Function<T, String> show) {
    try {
      T answer = rpc.get();
      out.println(label + " -> " + show.apply(answer));
      return answer;
    } catch (StatusRuntimeException e) {
      out.println(label + " -> " + describe(e));
      return null;
    }
  }

  private static String showSpec(GetMetricSpecResponse r) {
    MetricSpec s = r.getMetricSpecs(0);
    return String.format(
        "metricName=%s targetSize=%d targetSizeFloat=%s",
        s.getMetricName(), s.getTargetSize(), s.getTargetSizeFloat());
  }

  private static String showValue(GetMetricsResponse r) {
    MetricValue v = r.getMetricValues(0);
    return String.format(
        "metricName=%s metricValue=%d metricValueFloat=%s",
        v.getMetricName(), v.getMetricValue(), v.getMetricValueFloat());
  }

  private static String describe(StatusRuntimeException e) {
    return e.getStatus().getCode()
        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
  }
}
