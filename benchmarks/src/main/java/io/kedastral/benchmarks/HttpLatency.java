package io.kedastral.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small closed-loop load driver for one GET route: {@code threads} clients each send requests
 * back to back over keep-alive connections; after a warm-up, the latency of every request is
 * recorded and the percentiles printed. Any answer but 200 stops the run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kedastral.benchmarks.HttpLatency URL [requests]
 *     [threads] [warmup]
 * </pre>
 */
public final class HttpLatency {
  private HttpLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: HttpLatency URL [requests=20000] [threads=4] [warmup=5000]");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
    run(client, request, warmup, threads);
    long start = System.nanoTime();
    long[] nanos = run(client, request, requests, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    System.out.printf(
        "%s: %d requests, %d threads: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms,"
            + " %.0f req/s%n",
        uri,
        requests,
        threads,
        ms(nanos, 0.50),
        ms(nanos, 0.90),
        ms(nanos, 0.99),
        nanos[nanos.length - 1] / 1e6,
        requests / seconds);
  }

  private static long[] run(HttpClient client, HttpRequest request, int total, int threads)
      throws Exception {
    long[] nanos = new long[total];
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = first; i < total; i += threads) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> r =
                        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    nanos[i] = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(
                          "HTTP " + r.statusCode() + ": " + new String(r.body()));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return nanos;
  }

  private static double ms(long[] sorted, double q) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
