package io.streamlearn.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.bench.BenchMain;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.streams.Domain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench e2e at toy size on the embedded broker: every contender's runs commit their complete
 * outputs, the summary has the keys issue 18 asks for, and a paced run gets every decision timed;
 * and the verification catches the bug it was written for (a run restoring the snapshots an
 * earlier run left). No timing is asserted.
 */
class EndToEndBenchIT {

  @Test
  void everyRunIsVerifiedAndTheSummaryHasItsKeys(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    int code = BenchMain.run("bench", "e2e", "--records", "4000", "--campaigns", "20", "--repeats", "1",
        "--warmup", "0", "--latency", "--latency-seconds", "5", "--latency-warmup", "2", "--out", out.toString());
    assertEquals(0, code);
    for (String f : List.of("summary.json", "runs.csv", "throughput.png", "latency.csv", "latency-exactly-once.png",
        "latency-at-least-once.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("outputs_verified").asBoolean());
    for (String mode : List.of("exactly-once", "at-least-once")) {
      JsonNode m = s.get(mode);
      for (String key : List.of("passthrough_records_per_s", "connectors_passthrough_records_per_s",
          "pipeline_records_per_s", "kafka_streams_records_per_s", "ratio", "ratio_to_kafka_streams")) {
        assertTrue(m.get(key).asDouble() > 0, mode + " " + key + " in " + m);
      }
      assertTrue(m.get("outputs_verified").asBoolean(), m.toString());
      assertEquals("5 of 5", m.get("runs_verified").asText());
      assertTrue(m.get("latency_decisions").asInt() > 0, m.toString());
      assertEquals(m.get("latency_decisions").asInt(), m.get("latency_decisions_received").asInt(),
          "every decision of the paced run came: " + m);
      assertTrue(m.get("latency_p99_ms").asDouble() > 0, m.toString());
    }
  }

  @Test
  void aRunThatRestoresAnEarlierRunsSnapshotsIsNotVerified(@TempDir Path dir) throws Exception {
    Config config = new CommonOptions().config();
    try (Node node = Node.open(config, "")) {
      Domain<?, ?> ads = DomainCatalog.create("ads", config);
      node.ensureTopics(List.of(ads));
      AdsInput.produce(node.kafka(), AdsSettings.fromConfig(config.getConfig("streamlearn.ads")), 4000, 20);
      ExpectedOutputs expected = ExpectedOutputs.of(config, node.kafka(), ads);
      Contender pipeline = Contenders.all(config, node.kafka(), ads, List.of()).stream()
          .filter(c -> c.key().equals(Contenders.PIPELINE)).findFirst().orElseThrow();
      RunTopics first = new RunTopics("bench.first.");
      Contender sharing = new Contender(pipeline.key(), true,
          (name, topics, eos, firstNanos) -> pipeline.starter().start(name, topics.withSnapshotsOf(first), eos, firstNanos));
      Config kafkaConfig = config.getConfig("streamlearn.kafka");
      MeasuredRun.Result clean = MeasuredRun.run(sharing, "exactly-once", true, "1", "first", node.kafka(), kafkaConfig,
          expected, 4000, Duration.ofSeconds(10));
      assertTrue(clean.verified(), clean.detail());
      MeasuredRun.Result stale = MeasuredRun.run(sharing, "exactly-once", true, "2", "second", node.kafka(), kafkaConfig,
          expected, 4000, Duration.ofSeconds(10));
      assertFalse(stale.verified(), stale.detail());
      assertFalse(stale.detail().contains(": 0 lost"), "outputs lost: " + stale.detail());
    }
  }
}
