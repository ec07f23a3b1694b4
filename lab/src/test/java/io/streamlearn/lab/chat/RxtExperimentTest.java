package io.streamlearn.lab.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.lab.LabMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiment rxt on the shipped checkpoint at tiny sizes: every table, plot and summary key, with sane values. */
class RxtExperimentTest {

  @Test
  void writesRecallLatencyAndValidation(@TempDir Path dir) throws Exception {
    Path training = Files.createDirectories(dir.resolve("training"));
    Files.writeString(training.resolve("stages.csv"), "stage,first_loss,last_loss,validation_perplexity,"
        + "validation_answer_accuracy\njoint-pretraining,6.5,1.2,12.4,0.48\nmemory-aware,1.2,0.13,1.27,0.915\n");
    Path out = dir.resolve("out");
    int code = LabMain.run("experiment", "rxt", "--out", out.toString(), "--dialogues", "3", "--conversations", "3",
        "--warmup", "1", "--max-turn", "8", "--training", training.toString());
    assertEquals(0, code);
    for (String f : List.of("summary.json", "recall.csv", "latency.csv", "validation.csv", "stages.csv", "recall.png",
        "latency.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    for (String column : List.of("stm", "stm-reset", "stateless")) {
      for (String k : List.of("1", "2", "4", "8")) {
        double r = s.at("/recall/" + column + "/" + k).asDouble(-1);
        assertTrue(r >= 0 && r <= 1, column + " k=" + k + ": " + r);
      }
    }
    for (String model : List.of("rxt", "rxt_update", "stateless")) {
      for (String turn : List.of("1", "2", "4", "8")) {
        JsonNode t = s.at("/latency_ms/" + model + "/" + turn);
        assertTrue(t.get("median").asDouble() > 0, model + " turn " + turn);
        assertTrue(t.get("p99").asDouble() >= t.get("median").asDouble(), model + " turn " + turn);
      }
      assertTrue(s.at("/latency_ratio/" + model).asDouble() > 0, model);
    }
    assertTrue(s.at("/goals/rxt_latency_ratio/met").isBoolean());
    assertTrue(s.at("/goals/recall_stm_k8/met").isBoolean());
    for (String model : List.of("rxt", "stateless")) {
      assertTrue(s.at("/validation/" + model + "/perplexity").asDouble() >= 1, model);
      double acc = s.at("/validation/" + model + "/answer_accuracy").asDouble(-1);
      assertTrue(acc >= 0 && acc <= 1, model);
    }
    assertEquals(2, s.get("stages").size());
    assertEquals(1.27, s.at("/stages/1/validation_perplexity").asDouble());
  }

  @Test
  void badFlagsAreUserErrors(@TempDir Path dir) {
    assertEquals(2, LabMain.run("experiment", "rxt", "--out", dir.toString(), "--max-turn", "1"));
    assertEquals(2, LabMain.run("experiment", "rxt", "--out", dir.toString(), "--checkpoint", dir.resolve("none.bin").toString()));
    assertEquals(2, LabMain.run("experiment", "rxt", "--out", dir.toString(), "--training", dir.resolve("none").toString()));
  }
}
