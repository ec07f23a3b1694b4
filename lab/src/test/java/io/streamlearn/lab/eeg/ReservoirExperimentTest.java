package io.streamlearn.lab.eeg;

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

/** experiment reservoir at a tiny size: the summary keys the README and the issue name, with sane values. */
class ReservoirExperimentTest {

  @Test
  void memoryCapacityTableAndSweep(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("mc");
    assertEquals(0, LabMain.run("experiment", "reservoir", "--task", "mc", "--n", "30", "--seeds", "2", "--out",
        out.toString()));
    for (String f : List.of("summary.json", "results.csv", "sweep.csv", "methods.png", "sweep.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    int maxDelay = s.at("/meta/max_delay").asInt();
    for (String m : List.of("adaptive", "adaptive-heterogeneous", "global-best", "esn")) {
      double mc = s.at("/" + m + "/mc/mean").asDouble(-1);
      // Σ_k r² over K delays, and no more than the network's 30 neurons (+ bias) can hold.
      assertTrue(mc > 0.5 && mc <= Math.min(maxDelay, 31), m + ": " + mc);
      assertTrue(s.at("/" + m + "/mc/std").asDouble(-1) >= 0, m);
    }
    assertTrue(s.at("/adaptive/inhibition_to_excitation").asDouble() > 0);
    JsonNode sweep = s.get("sweep");
    assertEquals(25, sweep.size());
    assertEquals(0.0, sweep.get(0).get("inhibition_to_excitation").asDouble(), "g = 0: no inhibition");
    for (int i = 1; i < sweep.size(); i++) {
      assertTrue(sweep.get(i).get("inhibition_to_excitation").asDouble() > 0, "row " + i);
    }
    assertTrue(s.at("/improvement_over_global_best/adaptive").isNumber());
  }

  @Test
  void predictionTasksReportNrmse(@TempDir Path dir) throws Exception {
    for (String task : List.of("narma10", "mackey-glass")) {
      Path out = dir.resolve(task);
      assertEquals(0, LabMain.run("experiment", "reservoir", "--task", task, "--n", "30", "--seeds", "1", "--out",
          out.toString()));
      JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
      for (String m : List.of("adaptive", "adaptive-heterogeneous", "global-best", "esn")) {
        double nrmse = s.at("/" + m + "/nrmse/mean").asDouble(-1);
        assertTrue(nrmse > 0 && nrmse < 1.5, task + " " + m + ": " + nrmse);
      }
    }
  }

  @Test
  void badFlagsAreUserErrors(@TempDir Path dir) {
    assertEquals(2, LabMain.run("experiment", "reservoir", "--task", "lorenz", "--out", dir.toString()));
    assertEquals(2, LabMain.run("experiment", "reservoir", "--task", "mc", "--bias-spread", "-1", "--out", dir.toString()));
    assertEquals(2, LabMain.run("experiment", "reservoir", "--task", "mc", "--target-rate", "1.5", "--out", dir.toString()));
    assertEquals(2, LabMain.run("experiment", "reservoir", "--task", "mackey-glass", "--horizon", "0", "--out",
        dir.toString()));
  }
}
