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
    description = "Run the embedded single-node Kafka broker (KRaft) and print its bootstrap address; Ctrl-C stops it.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
      description = "Plaintext listener port on 127.0.0.1; 0 = a free one, or the one --data-dir had (default: ${DEFAULT-VALUE}).")
  int port;

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
    if (port != 0) {
      Ports.requireFree(port, "--port");
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(BrokerOptions.defaults().withPort(port).withDataDir(dataDir));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }));
    System.out.println("bootstrap: " + kafka.bootstrapServers());
    System.out.println("data directory: " + kafka.logDir() + (kafka.temporary() ? " (removed on exit)" : " (kept)"));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
