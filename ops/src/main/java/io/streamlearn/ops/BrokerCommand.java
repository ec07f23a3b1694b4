package io.streamlearn.ops;

import io.streamlearn.broker.BrokerOptions;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.ops.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded broker alone, so other processes (another node, kcat, a bidder) can connect. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the embedded Kafka broker (KRaft; --nodes 3 for a three-node cluster in this process) and print"
        + " its bootstrap address; Ctrl-C stops it.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
      description = "Plaintext listener port on 127.0.0.1 (of node 1; the others take free ones); 0 = a free one, or the"
          + " one --data-dir had (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
      description = "KRaft nodes (broker and controller each) in one cluster; with 3 or more, every topic gets 3"
          + " replicas and needs 2 in sync (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's data here, so it restarts in place with its topics and port. Without it, a"
          + " temporary directory is used and removed on exit.")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UserError("--port " + port + " is not a port: give 1-65535, or 0 for a free one");
    }
    if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new UserError("--data-dir " + dataDir + " is a file: give a directory (created if missing)");
    }
    if (nodes < 1 || nodes > 9) {
      throw new UserError("--nodes " + nodes + " is out of range: give 1 to 9 (3 for replication factor 3)");
    }
    if (port != 0) {
      Ports.requireFree(port, "--port");
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(BrokerOptions.defaults().withPort(port).withDataDir(dataDir).withNodes(nodes));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }));
    System.out.println("bootstrap: " + kafka.bootstrapServers());
    if (nodes > 1) {
      System.out.println(nodes + " nodes; topics get " + Math.min(3, nodes) + " replicas by default, "
          + (nodes >= 3 ? 2 : 1) + " in sync required");
    }
    System.out.println("data directory: " + kafka.logDir() + (kafka.temporary() ? " (removed on exit)" : " (kept)"));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
