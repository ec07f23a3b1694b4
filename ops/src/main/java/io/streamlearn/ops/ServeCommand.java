package io.streamlearn.ops;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.streams.Domain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** The long-running service: every configured domain's pipeline against a broker, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the pipelines of all configured domains (streamlearn.domains) until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Override
  public Integer call() throws Exception {
    CompletableFuture<String> stopRequested = new CompletableFuture<>();
    // SIGTERM and Ctrl-C are handled here, not by a JVM shutdown hook: a hook cannot change the
    // exit code (143), and the JVM would not wait for the drain's deadline. Installed first, so a
    // SIGTERM during start-up stops cleanly once the pipelines are up.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> stopRequested.complete("SIG" + name));
    }
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
      CompletableFuture.anyOf(node.anyPipelineStopped(), stopRequested).join();
      if (metrics != null) {
        metrics.stop(0);
      }
      if (!stopRequested.isDone()) {
        System.err.println("a pipeline stopped; shutting down");
        return 1;
      }
      Duration deadline = config.getDuration("streamlearn.pipeline.shutdown-deadline");
      System.out.println(stopRequested.join() + ": draining (deadline " + deadline.toSeconds() + " s)");
      if (!node.stop()) {
        System.err.println("did not drain within streamlearn.pipeline.shutdown-deadline (" + deadline.toSeconds()
            + " s); the next start recovers from the committed snapshots and offsets");
        return 1;
      }
      System.out.println("drained: offsets committed, final snapshots written");
      return 0;
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
