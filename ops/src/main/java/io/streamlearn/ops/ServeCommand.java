package io.streamlearn.ops;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.streams.Domain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The long-running service: every configured domain's pipeline against a broker, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the pipelines of all configured domains (streamlearn.domains) until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    try (Node node = Node.open(config, options.bootstrap(config))) {
      List<Domain<?, ?>> domains = DomainCatalog.configured(config);
      node.ensureTopics(domains);
      HttpServer metrics = metricsEndpoint(node, config.getInt("streamlearn.metrics.port"));
      // One line per recovered partition on stdout: operators and the chaos harness read it.
      node.onRecovered(r -> System.out.printf("recovered %s partition %d: %d snapshots, %d records replayed, %d ms%n",
          r.domain(), r.partition(), r.snapshots(), r.replayed(), r.millis()));
      node.startPipelines(domains);
      System.out.println("serving " + domains.stream().map(Domain::name).toList() + " on " + node.bootstrap()
          + (metrics == null ? "" : ", metrics at http://127.0.0.1:" + metrics.getAddress().getPort() + "/metrics"));
      Thread shutdown = new Thread(node::close);
      Runtime.getRuntime().addShutdownHook(shutdown);
      node.anyPipelineStopped().join();
      Runtime.getRuntime().removeShutdownHook(shutdown);
      System.err.println("a pipeline stopped; shutting down");
      if (metrics != null) {
        metrics.stop(0);
      }
      return 1;
    }
  }

  private static HttpServer metricsEndpoint(Node node, int port) throws IOException {
    if (port == 0) {
      return null;
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = node.registry().scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }
}
