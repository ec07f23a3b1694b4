package io.streamlearn.ops;

import io.streamlearn.broker.EmbeddedKafka;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the embedded broker alone, so other processes (another node, kcat, a bidder) can connect. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the embedded single-node Kafka broker (KRaft) and print its bootstrap address; Ctrl-C stops it.")
final class BrokerCommand implements Callable<Integer> {

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.close();
      stopped.countDown();
    }));
    System.out.println("bootstrap: " + kafka.bootstrapServers());
    System.out.println("log directory: " + kafka.logDir() + " (removed on exit)");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
