package io.streamlearn.lab.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.lab.LabMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity, end to end on a real broker: campaigns run live (one DynLin-UCB, one Exp3, both exploring)
 * and are recorded; the backtest of that recording with the live configuration reproduces every
 * recorded decision byte for byte, and its summary has the keys analysts and scripts read. The
 * recorded decisions, exported as feedback, go through backtest --ope.
 */
class BacktestParityIT {

  private static final int CAMPAIGNS = 2;
  private static final int ROUNDS = 150;

  @Test
  void aRecordedLiveInputBacktestedWithTheLiveConfigurationGivesTheLiveDecisionsByteForByte(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("live.conf");
    Files.writeString(config, "streamlearn.ads.exploration.epsilon = 0.2\n"
        + "streamlearn.ads.policy-by-campaign { campaign-01 = Exp3 }\n");
    Path recording = dir.resolve("live.avro");
    assertEquals(0, LabMain.run("record-ads-sample", "--config", config.toString(), "--campaigns", "" + CAMPAIGNS,
        "--rounds", "" + ROUNDS, "--out", recording.toString()));

    Path out = dir.resolve("backtest");
    assertEquals(0, LabMain.run("backtest", "--in", recording.toString(), "--config", config.toString(),
        "--compare", "DynLin-UCB,Exp3", "--replicates", "5", "--out", out.toString()));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    JsonNode parity = summary.path("parity");
    assertEquals(CAMPAIGNS * ROUNDS, parity.path("recorded_decisions").asLong(), parity.toString());
    assertEquals(parity.path("recorded_decisions").asLong(), parity.path("identical").asLong(), parity.toString());
    assertEquals(parity.path("recorded_decisions").asLong(), parity.path("replayed_decisions").asLong());
    for (String policy : Set.of("DynLin-UCB", "Exp3")) {
      JsonNode p = summary.path("policies").path(policy);
      assertEquals(Set.of("ips", "snips", "dr", "ci_low", "ci_high", "ess"), fields(p.path("ope")), policy);
      assertTrue(fields(p.path("model_based")).containsAll(Set.of("reward", "regret", "ci_low", "ci_high")), policy);
      assertEquals(Set.of("heldout_nrmse"), fields(p.path("fit")), policy);
      assertTrue(p.path("model_based").path("ci_low").asDouble() <= p.path("model_based").path("reward").asDouble());
    }
    assertTrue(Files.readString(out.resolve("report.html")).contains("byte-identical"));

    Path feedback = dir.resolve("feedback");
    assertEquals(0, LabMain.run("export-feedback", "--in", recording.toString(), "--config", config.toString(),
        "--out", feedback.toString()));
    Path pi = dir.resolve("uniform.csv");
    Files.writeString(pi, "action,probability\n0,0.2\n1,0.2\n2,0.2\n3,0.1\n4,0.1\n5,0.2\n");
    Path ope = dir.resolve("ope");
    assertEquals(0, LabMain.run("backtest", "--ope", "--log", feedback.resolve("feedback.csv").toString(),
        "--target-probabilities", pi.toString(), "--out", ope.toString()));
    JsonNode estimate = new ObjectMapper().readTree(ope.resolve("summary.json").toFile()).path("policies").path("uniform.csv")
        .path("ope");
    assertEquals(Set.of("ips", "snips", "dr", "ci_low", "ci_high", "ess"), fields(estimate));
    assertTrue(Files.size(feedback.resolve("feedback.avro")) > 0);
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
