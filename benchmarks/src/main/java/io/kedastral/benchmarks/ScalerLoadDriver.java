package io.kedastral.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kedastral.proto.externalscaler.ExternalScalerGrpc;
import io.kedastral.proto.externalscaler.GetMetricsRequest;
import io.kedastral.proto.externalscaler.GetMetricsResponse;
import io.kedastral.proto.externalscaler.IsActiveResponse;
import io.kedastral.proto.externalscaler.MetricValue;
import io.kedastral.proto.externalscaler.ScaledObjectRef;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A load driver for the scaler's {@code GetMetrics} (docs/benchmarks.md, "Scaler"), and the
 * do-nothing gRPC server it is compared with.
 *
 * <pre>
 * drive:  java -cp benchmarks/target/benchmarks.jar io.kedastral.benchmarks.ScalerLoadDriver \
 *           --target=127.0.0.1:50051 --workload=bench --concurrency=16 --warmup=5 --seconds=15
 * noop:   java -cp benchmarks/target/benchmarks.jar io.kedastral.benchmarks.ScalerLoadDriver \
 *           --serve-noop=50052
 * </pre>
 *
 * The driver keeps {@code concurrency} blocking {@code GetMetrics} calls in flight on one channel
 * (one HTTP/2 connection, as KEDA uses), discards the warm-up, and prints calls/s and latency
 * percentiles of the measured seconds; any failed call is counted and reported. The no-op server is
 * grpc-java with the scaler's executor and limits, answering a constant, so the difference between
 * the two is the scaler's own work (metadata, cache, lead window, metrics).
 */
public final class ScalerLoadDriver {
  private ScalerLoadDriver() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options are --name=value, got " + a);
      }
      opts.put(a.substring(2, eq), a.substring(eq + 1));
    }
    if (opts.containsKey("serve-noop")) {
      serveNoop(Integer.parseInt(opts.get("serve-noop")));
    } else {
      drive(opts);
    }
  }

  private static void drive(Map<String, String> opts) throws InterruptedException {
    String target = opts.getOrDefault("target", "127.0.0.1:50051");
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
    long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("warmup", "5")));
    long measure = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("seconds", "15")));
    int colon = target.lastIndexOf(':');
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))
            .usePlaintext()
            .build();
    GetMetricsRequest request =
        GetMetricsRequest.newBuilder()
            .setScaledObjectRef(
                ScaledObjectRef.newBuilder()
                    .setName(opts.getOrDefault("workload", "bench"))
                    .setNamespace("bench"))
            .setMetricName("kedastral-bench-desired-replicas")
            .build();
    var stub = ExternalScalerGrpc.newBlockingStub(channel);
    stub.getMetrics(request); // connect, and fail fast when the target is wrong
    AtomicLong failures = new AtomicLong();
    long measureFrom = System.nanoTime() + warmup;
    long[] latencies =
        run(
            concurrency,
            () -> callUntil(stub, request, measureFrom, measureFrom + measure, failures));
    channel.shutdownNow();
    report(target, concurrency, latencies, failures.get(), measure / 1e9);
  }

  /** Runs {@code concurrency} copies of {@code loop} and returns all their latencies, sorted. */
  private static long[] run(int concurrency, Supplier<long[]> loop) throws InterruptedException {
    List<long[]> results = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> results.add(loop.get()), "driver-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return results.stream().flatMapToLong(Arrays::stream).sorted().toArray();
  }

  /**
   * Calls back to back until {@code end}; returns the latencies of calls started after {@code
   * from}.
   */
  private static long[] callUntil(
      ExternalScalerGrpc.ExternalScalerBlockingStub stub,
      GetMetricsRequest request,
      long from,
      long end,
      AtomicLong failures) {
    LongList latencies = new LongList();
    for (long t0 = System.nanoTime(); t0 < end; t0 = System.nanoTime()) {
      try {
        stub.getMetrics(request);
      } catch (StatusRuntimeException e) {
        failures.incrementAndGet();
      }
      if (t0 >= from) {
        latencies.add(System.nanoTime() - t0);
      }
    }
    return latencies.toArray();
  }

  private static void report(
      String target, int concurrency, long[] sorted, long failures, double seconds) {
    System.out.printf(
        "target=%s concurrency=%d calls=%d failures=%d throughput=%.0f/s p50=%.3fms"
            + " p90=%.3fms p99=%.3fms max=%.3fms%n",
        target,
        concurrency,
        sorted.length,
        failures,
        sorted.length / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static void serveNoop(int port) throws Exception {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(16, 16, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000));
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(port))
            .executor(executor)
            .addService(new NoopScaler())
            .maxInboundMessageSize(64 * 1024)
            .maxInboundMetadataSize(16 * 1024)
            .build()
            .start();
    long sinceJvmStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println(
        "no-op ExternalScaler listening on port " + port + " after " + sinceJvmStart + " ms");
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }

  /** Answers a constant: the cost of gRPC itself. */
  private static final class NoopScaler extends ExternalScalerGrpc.ExternalScalerImplBase {
    private static final GetMetricsResponse FOUR =
        GetMetricsResponse.newBuilder()
            .addMetricValues(
                MetricValue.newBuilder()
                    .setMetricName("kedastral-bench-desired-replicas")
                    .setMetricValue(4)
                    .setMetricValueFloat(4))
            .build();

    @Override
    public void getMetrics(GetMetricsRequest r, StreamObserver<GetMetricsResponse> out) {
      out.onNext(FOUR);
      out.onCompleted();
    }

    @Override
    public void isActive(ScaledObjectRef r, StreamObserver<IsActiveResponse> out) {
      out.onNext(IsActiveResponse.newBuilder().setResult(true).build());
      out.onCompleted();
    }
  }

  /** A growable array of primitive longs (no boxing while measuring). */
  private static final class LongList {
    private long[] data = new long[1 << 16];
    private int size;

    void add(long v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
