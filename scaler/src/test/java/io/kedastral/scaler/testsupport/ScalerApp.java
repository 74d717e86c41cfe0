package io.kedastral.scaler.testsupport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kedastral.scaler.ScalerApplication;
import io.kedastral.scaler.grpc.GrpcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real scaler application on free loopback ports, started like the forecaster's tests do. */
public final class ScalerApp implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final ManagedChannel channel;

  private ScalerApp(ConfigurableApplicationContext context) {
    this.context = context;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().build();
  }

  /** Starts with {@code SERVER_PORT=0 GRPC_PORT=0} plus {@code properties} (env-var names). */
  public static ScalerApp start(String... properties) {
    return new ScalerApp(startContext(properties));
  }

  /** Starts the application context only (for start-up failure tests). */
  public static ConfigurableApplicationContext startContext(String... properties) {
    List<String> props = new ArrayList<>(List.of("SERVER_PORT=0", "GRPC_PORT=0"));
    props.addAll(List.of(properties));
    return new SpringApplicationBuilder(ScalerApplication.class)
        .properties(props.toArray(String[]::new))
        .run();
  }

  public int grpcPort() {
    return context.getBean(GrpcServer.class).port();
  }

  public int httpPort() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public ManagedChannel channel() {
    return channel;
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    context.close();
  }
}
