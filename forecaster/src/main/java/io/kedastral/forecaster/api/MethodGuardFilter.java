package io.kedastral.forecaster.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 405 with a ProblemDetail to every method but GET and HEAD, on every path, before any
 * controller or Actuator endpoint sees the request: the service is read-only.
 */
public final class MethodGuardFilter extends OncePerRequestFilter {
  private final JsonMapper json;

  public MethodGuardFilter(JsonMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String method = request.getMethod();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      chain.doFilter(request, response);
      return;
    }
    FilterProblems.write(
        json,
        request,
        response,
        HttpStatus.METHOD_NOT_ALLOWED,
        "only GET and HEAD are allowed",
        Map.of("Allow", "GET, HEAD"));
  }
}
