package io.streamlearn.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.bench.BenchMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench eeg at toy size on real brokers: every block of both runs comes back, and the files and
 * summary keys the README points at are there. No timing is asserted (shared machines).
 */
class EegCapacityBenchIT {

  @Test
  void pacedRunsAndReplayWriteTheirResults(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    // Snapshots every 50 records, so the replay writes some (into the partition of its input).
    Path conf = Files.writeString(dir.resolve("bench.conf"), "streamlearn.pipeline.snapshots.every-records = 50\n");
    int code = BenchMain.run("bench", "eeg", "--recordings", "2", "--minutes", "0.25", "--warmup", "2",
        "--replay-minutes", "0.5", "--replay-repeats", "1", "--config", conf.toString(), "--out", out.toString());
    assertEquals(0, code);
    for (String f : List.of("summary.json", "runs.csv", "latency.csv", "latency.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode runs = s.get("runs");
    assertEquals(2, runs.size());
    for (JsonNode run : runs) {
      // 2 recordings × 15 s in blocks of 250 ms
      assertEquals(120, run.get("blocks").asInt(), run.toString());
      assertEquals(120, run.get("received").asInt(), run.toString());
      assertTrue(run.at("/latency_ms/p50").asDouble() > 0, run.toString());
    }
    assertEquals(List.of("passthrough", "pipeline"), List.of(runs.get(0).get("mode").asText(),
        runs.get(1).get("mode").asText()));
    assertTrue(s.at("/replay/outputs").asInt() > 120, "a prediction per replayed block, and snapshots");
    assertTrue(s.at("/replay/replay_real_time_factor").asDouble() > 0);
    assertTrue(s.at("/replay/first_replay_real_time_factor").asDouble() > 0);
    assertTrue(s.at("/replay/kafka_replay_real_time_factor").asDouble() > 0);
    assertTrue(s.at("/replay/model_alone_real_time_factor").asDouble() > 0);
  }

  @Test
  void badFlagsAreUserErrors(@TempDir Path dir) {
    assertEquals(2, BenchMain.run("bench", "eeg", "--recordings", "0", "--out", dir.toString()));
    assertEquals(2, BenchMain.run("bench", "eeg", "--minutes", "1", "--warmup", "60", "--out", dir.toString()));
    assertEquals(2, BenchMain.run("bench", "eeg", "--bootstrap", "127.0.0.1:9092", "--out", dir.toString()));
  }
}
