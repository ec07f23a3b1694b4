package io.streamlearn.ops;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import io.streamlearn.ops.http.ApiRoutes;
import io.streamlearn.ops.http.HttpServer;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.ops.http.OpsRoutes;
import io.streamlearn.ops.http.OutputTail;
import io.streamlearn.ops.http.dashboard.DashboardRoutes;
import io.streamlearn.ops.http.dashboard.LiveViews;
import io.streamlearn.streams.PipelineSettings;
import org.apache.pekko.http.javadsl.server.Route;
import io.streamlearn.streams.Domain;
import java.util.List;

/**
 * A running node's HTTP side, as `serve` and `demo` run it: metrics, health, the decision API and
 * the dashboard (both served from the node's one committed-output tail) on one server.
 */
public final class NodeHttp implements AutoCloseable {

  private static final String PORT_OPTION = "--http-port (streamlearn.http.port)";

  private final OutputTail outputs;
  private final NodeStatus status;
  private final HttpServer server;

  private NodeHttp(OutputTail outputs, NodeStatus status, HttpServer server) {
    this.outputs = outputs;
    this.status = status;
    this.server = server;
  }

  /** The server's settings; a chosen port already taken stops the command here, before anything starts. */
  static HttpSettings settings(Config config) {
    HttpSettings http = HttpSettings.fromConfig(config.getConfig("streamlearn.http"));
    if (http.port() != 0) {
      Ports.requireFree(http.port(), PORT_OPTION);
    }
    return http;
  }

  /**
   * Starts tailing the outputs of {@code domains} and serves them (decision API, dashboard) with the
   * node's metrics and health.
   */
  public static NodeHttp start(Node node, List<Domain<?, ?>> domains, HttpSettings http) {
    Config config = node.config();
    LiveViews views = LiveViews.fromConfig(config);
    OutputTail outputs = OutputTail.start(node.kafka(), DomainCatalog.topics(domains),
        new OutputTail.Also(LiveViews.OUTPUT_TOPICS, LiveViews.INPUT_TOPICS, views::apply),
        config.getLong("streamlearn.dashboard.input-backlog"));
    NodeStatus status = new NodeStatus(node, domains,
        PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")));
    try {
      Route routes = concat(
          OpsRoutes.routes(node.registry(), node::notReady),
          ApiRoutes.routes(outputs.outputs(), node.registry()),
          DashboardRoutes.routes(node.actorSystem(), views, node.registry(), config.getStringList("streamlearn.ads.platforms"), status::frame));
      return new NodeHttp(outputs, status, HttpServer.start(node.actorSystem(), http, routes, PORT_OPTION));
    } catch (RuntimeException e) {
      status.close();
      outputs.close();
      throw e;
    }
  }

  /** The server's base URL, ending in "/". */
  public String url() {
    return server.url();
  }

  @Override
  public void close() {
    try (outputs; status) {
      server.close();
    }
  }
}
