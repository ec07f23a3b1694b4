package io.streamlearn.ops;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.http.ApiRoutes;
import io.streamlearn.ops.http.HttpServer;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.ops.http.OpsRoutes;
import io.streamlearn.ops.http.OutputTail;
import io.streamlearn.streams.Domain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** The long-running service: every configured domain's pipeline against a broker, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the pipelines of all configured domains (streamlearn.domains) until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = {"--http-port", "--metrics-port"}, paramLabel = "PORT",
      description = "Port of the HTTP server (metrics, health, decision API); 0 = a free one"
          + " (default: ${bundle:streamlearn.http.port}, streamlearn.http.port).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    CompletableFuture<String> stopRequested = new CompletableFuture<>();
    // SIGTERM and Ctrl-C are handled here, not by a JVM shutdown hook: a hook cannot change the
    // exit code (143), and the JVM would not wait for the drain's deadline. Installed first, so a
    // SIGTERM during start-up stops cleanly once the pipelines are up.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> stopRequested.complete("SIG" + name));
    }
    Config config = options.config(CommonOptions.flags("streamlearn.http.port", httpPort));
    HttpSettings http = HttpSettings.fromConfig(config.getConfig("streamlearn.http"));
    if (http.port() != 0) {
      Ports.requireFree(http.port(), "--http-port (streamlearn.http.port)");
    }
    try (Node node = Node.open(config, options.bootstrap(config))) {
      List<Domain<?, ?>> domains = DomainCatalog.configured(config);
      node.ensureTopics(domains);
      node.startPipelines(domains);
      try (OutputTail outputs = OutputTail.start(node.kafka(), DomainCatalog.outputTopics(domains));
          HttpServer server = HttpServer.start(node.actorSystem(), http,
              concat(OpsRoutes.routes(node.registry(), node::notReady), ApiRoutes.routes(outputs.outputs(), node.registry())),
              "--http-port (streamlearn.http.port)")) {
        System.out.println("serving " + domains.stream().map(Domain::name).toList() + " on " + node.bootstrap()
            + "; http at " + server.url() + " (metrics " + server.url() + "metrics, decisions " + server.url()
            + "api/ads/campaigns)");
        CompletableFuture.anyOf(node.anyPipelineStopped(), stopRequested).join();
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
}
