package io.kedastral.forecaster.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the same RFC 9457 body as {@link ApiErrors} from a servlet filter, which runs before MVC's
 * message converters (and so before the ProblemDetail mix-in): {@code type}, {@code title}, {@code
 * status}, {@code detail}, {@code instance} and the Go implementation's {@code error}.
 */
final class FilterProblems {
  private FilterProblems() {}

  /** Answers {@code status} with {@code detail} and the given extra headers. */
  static void write(
      JsonMapper json,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String detail,
      Map<String, String> headers)
      throws IOException {
    var problem = new LinkedHashMap<String, Object>();
    problem.put("type", "about:blank");
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    problem.put("error", detail);
    byte[] body = json.writeValueAsBytes(problem);
    response.setStatus(status.value());
    headers.forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
