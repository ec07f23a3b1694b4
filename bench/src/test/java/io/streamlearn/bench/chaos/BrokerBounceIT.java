package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.bench.chaos.ChaosRun;
import io.streamlearn.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away for 10 s mid-stream and comes back on the same log directory: no loss, no duplicate. */
class BrokerBounceIT {

  @Test
  void aTenSecondBrokerOutageLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<String> progress = new CopyOnWriteArrayList<>();
      Thread bounce = new Thread(() -> {
        try {
          Thread.sleep(15_000); // the pipeline is up and the stream is flowing
          kafka.stop();
          progress.add("broker stopped");
          Thread.sleep(10_000);
          kafka.restart();
          progress.add("broker restarted");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bounce");
      bounce.start();
      ChaosRun.Result result = new ChaosRun(ConfigFactory.load(), KafkaClients.of(kafka.bootstrapServers()), 150_000, 0, 150, 7L, dir,
          line -> {
            progress.add(line);
            System.out.println("bounce: " + line);
          }).run();
      bounce.join();
      System.out.println("bounce: " + result + " " + progress);
      assertTrue(progress.contains("broker restarted"), "the broker was bounced during the run: " + progress);
      assertTrue(result.compared() > 5_000, "the run produced outputs to compare");
      assertEquals(0, result.mismatches(), "mismatches");
      assertEquals(0, result.duplicates(), "duplicates");
      assertEquals(0, result.lost(), "lost");
    }
  }
}
