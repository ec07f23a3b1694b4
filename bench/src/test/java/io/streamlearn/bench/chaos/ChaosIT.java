package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.bench.chaos.ChaosRun;
import io.streamlearn.broker.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once under SIGKILL: the short version of `chaos` (the long one is a command, see README). */
class ChaosIT {

  @Test
  void aPipelineKilledFiveTimesCommitsExactlyTheOutputOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      ChaosRun.Result result = new ChaosRun(ConfigFactory.load(), KafkaClients.of(kafka.bootstrapServers()), 200_000, 5, 200, 42L, dir,
          line -> System.out.println("chaos: " + line)).run();
      System.out.println("chaos: " + result);
      assertTrue(result.compared() > 10_000, "the run produced outputs to compare: " + result.compared());
      assertEquals(0, result.mismatches(), "mismatches");
      assertEquals(0, result.duplicates(), "duplicates");
      assertEquals(0, result.lost(), "lost");
      assertTrue(result.recoveryMillis().size() >= 5, "each restart recovered its partitions before it was killed");
      assertTrue(result.checkpointRecoveries() > 0, "recoveries replayed from checkpoints, not only from the log start");
      assertEquals(0, result.stopExitCode(), "SIGTERM drains, commits and exits 0");
      // 1.9-2.6 s measured; the consumer waiting out its revocation callback on close took 15 s.
      // Loose, for a shared 2-core machine: it catches that wait coming back, not small drift.
      assertTrue(result.stopMillis() < 10_000, "SIGTERM to exit in " + result.stopMillis() + " ms");
      assertEquals(0, result.snapshotsBehind(), "after SIGTERM every entity's latest snapshot includes its last record ("
          + result.entities() + " entities)");
    }
  }
}
