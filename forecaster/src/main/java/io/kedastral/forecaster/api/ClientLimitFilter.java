package io.kedastral.forecaster.api;

import io.kedastral.boot.ClientLimiter;
import io.kedastral.boot.ClientLimiter.Rejection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits what one client (its IP address) may ask of the forecast API, so a noisy pod cannot starve
 * the scaler: at most {@code API_RATE_LIMIT_PER_CLIENT} requests per second and {@code
 * API_MAX_CONCURRENT_PER_CLIENT} in flight. A refused request gets {@code 429} with a ProblemDetail
 * and {@code Retry-After: 1}, counted in {@code kedastral_errors_total{component="api",reason}}
 * ({@code rate} or {@code concurrency}). The probe and metrics routes are never limited: kubelet
 * and Prometheus must always get through.
 */
public final class ClientLimitFilter extends OncePerRequestFilter {
  /** Routes outside the limits (exact paths; health group paths by prefix). */
  static final Set<String> UNLIMITED = Set.of("/healthz", "/livez", "/readyz", "/metrics");

  private final ClientLimiter limiter;
  private final JsonMapper json;
  private final Consumer<String> onRejected;

  public ClientLimitFilter(ClientLimiter limiter, JsonMapper json, Consumer<String> onRejected) {
    this.limiter = limiter;
    this.json = json;
    this.onRejected = onRejected;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return UNLIMITED.contains(path) || path.startsWith("/actuator/health");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = request.getRemoteAddr();
    Rejection rejection = limiter.tryAdmit(client, true);
    if (rejection != null) {
      onRejected.accept(rejection.label());
      reject(request, response, detail(rejection));
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      limiter.release(client);
    }
  }

  private String detail(Rejection rejection) {
    return switch (rejection) {
      case RATE ->
          "too many requests from this client: more than "
              + limiter.ratePerSecond()
              + " per second (API_RATE_LIMIT_PER_CLIENT)";
      case CONCURRENCY ->
          "too many requests in flight from this client: more than "
              + limiter.maxConcurrent()
              + " (API_MAX_CONCURRENT_PER_CLIENT)";
    };
  }

  private void reject(HttpServletRequest request, HttpServletResponse response, String detail)
      throws IOException {
    FilterProblems.write(
        json, request, response, HttpStatus.TOO_MANY_REQUESTS, detail, Map.of("Retry-After", "1"));
  }
}
