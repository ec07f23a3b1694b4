package io.streamlearn.ops.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** What an operator and an orchestrator ask a node: metrics for Prometheus, liveness, readiness. */
public final class OpsRoutes {

  private static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8);

  private OpsRoutes() {}

  /** @param notReady why the node should get no traffic yet, empty when ready */
  public static Route routes(PrometheusMeterRegistry registry, Supplier<Optional<String>> notReady) {
    return get(() -> concat(
        path("metrics", () -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(PROMETHEUS_TEXT, registry.scrape())))),
        pathPrefix("health", () -> concat(
            path("live", () -> json(StatusCodes.OK, "{\"status\":\"up\"}")),
            path("ready", () -> notReady.get()
                .map(reason -> json(StatusCodes.SERVICE_UNAVAILABLE,
                    "{\"ready\":false,\"reason\":\"" + Json.escape(reason) + "\"}"))
                .orElseGet(() -> json(StatusCodes.OK, "{\"ready\":true}")))))));
  }

  /** A JSON error: {@code {"error": message}}. */
  public static Route error(StatusCode status, String message) {
    return json(status, "{\"error\":\"" + Json.escape(message) + "\"}");
  }

  /** A JSON response. */
  public static Route json(StatusCode status, String body) {
    return complete(HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body)));
  }
}
