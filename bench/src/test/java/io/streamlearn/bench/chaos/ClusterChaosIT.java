package io.streamlearn.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.broker.BrokerOptions;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a cluster: three {@code serve} nodes in one Pekko cluster on a three-broker
 * Kafka cluster, nodes SIGKILLed and restarted, one leaving gracefully and one joining in its place
 * (partitions, and their shards, move between nodes each time), one broker killed and restarted.
 * The short version of {@code chaos --nodes 3 --brokers 3} (README).
 */
class ClusterChaosIT {

  @Test
  void threeNodesKilledAndReplacedCommitExactlyTheOutputOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerOptions.defaults().withNodes(3))) {
      var config = ConfigFactory.parseMap(Map.of("streamlearn.kafka.partitions", 12)).withFallback(ConfigFactory.load());
      ChaosRun.Result result = new ChaosRun(config, KafkaClients.of(kafka.bootstrapServers()),
          new ChaosRun.Plan(200_000, 5, 200, 11L, 3), kafka, dir, line -> System.out.println("cluster chaos: " + line))
          .run();
      System.out.println("cluster chaos: " + result);
      assertEquals(1, result.brokerKills(), "a broker node was killed and restarted");
      assertTrue(result.compared() > 10_000, "the run produced outputs to compare: " + result.compared());
      assertEquals(0, result.mismatches(), "mismatches");
      assertEquals(0, result.duplicates(), "duplicates");
      assertEquals(0, result.lost(), "lost");
      assertTrue(result.recoveryMillis().size() >= 5 + 1 + 3, "every start recovered its partitions");
      assertTrue(result.checkpointRecoveries() > 0, "recoveries replayed from checkpoints, not only from the log start");
      assertEquals(0, result.stopExitCode(), "SIGTERM drains, commits and exits 0, for the node leaving mid-run too");
      assertEquals(0, result.snapshotsBehind(), "after SIGTERM every entity's latest snapshot includes its last record ("
          + result.entities() + " entities)");
    }
  }
}
