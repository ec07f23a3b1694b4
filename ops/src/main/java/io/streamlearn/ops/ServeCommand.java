package io.streamlearn.ops;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.ClusterOptions;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.streams.Domain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The long-running service: every configured domain's pipeline against a broker, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the pipelines of all configured domains (streamlearn.domains) until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Mixin ClusterOptions cluster;

  @Option(names = {"--http-port", "--metrics-port"}, paramLabel = "PORT",
      description = "Port of the HTTP server (dashboard, decision API, metrics, health); 0 = a free one"
          + " (default: ${bundle:streamlearn.http.port}, streamlearn.http.port).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    CompletableFuture<String> stopRequested = StopSignals.install();
    Map<String, Object> flags = cluster.flags();
    flags.putAll(CommonOptions.flags("streamlearn.http.port", httpPort));
    Config config = options.config(flags);
    HttpSettings http = NodeHttp.settings(config);
    ClusterOptions.checkTls(config);
    int clusterPort = config.getInt("pekko.remote.artery.canonical.port");
    if (clusterPort != 0) {
      Ports.requireFree(clusterPort, "--cluster-port (pekko.remote.artery.canonical.port)");
    }
    try (Node node = Node.open(config, options.bootstrap(config))) {
      List<Domain<?, ?>> domains = DomainCatalog.configured(config);
      node.ensureTopics(domains);
      node.startPipelines(domains);
      try (NodeHttp server = NodeHttp.start(node, domains, http)) {
        System.out.println("serving " + domains.stream().map(Domain::name).toList() + " on " + node.bootstrap()
            + " as cluster node " + node.actorSystem().address()
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
