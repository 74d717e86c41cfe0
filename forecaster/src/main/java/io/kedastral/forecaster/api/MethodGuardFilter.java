package io.kedastral.forecaster.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
    // Written by hand: the ProblemDetail mix-in lives in the MVC converters, not in the mapper.
    var problem = new java.util.LinkedHashMap<String, Object>();
    problem.put("type", "about:blank");
    problem.put("title", HttpStatus.METHOD_NOT_ALLOWED.getReasonPhrase());
    problem.put("status", HttpStatus.METHOD_NOT_ALLOWED.value());
    problem.put("detail", "only GET and HEAD are allowed");
    problem.put("instance", request.getRequestURI());
    problem.put("error", "only GET and HEAD are allowed");
    byte[] body = json.writeValueAsBytes(problem);
    response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
    response.setHeader("Allow", "GET, HEAD");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
