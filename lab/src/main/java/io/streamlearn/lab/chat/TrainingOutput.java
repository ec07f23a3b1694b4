package io.streamlearn.lab.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A train-rxt {@code --out} directory as experiment rxt reads it back: stages.csv (the per-stage
 * validation numbers, which exist only while training) and summary.json's meta (the seeds the
 * checkpoint was trained with).
 */
final class TrainingOutput {

  static final String STAGES = "stages.csv";

  static final String SUMMARY = "summary.json";

  /** One curriculum stage's validation, as stages.csv has it. */
  record Stage(String stage, double perplexity, double accuracy) {}

  private TrainingOutput() {}

  /** What train-rxt writes into stages.csv: per stage its losses and validation. */
  static void writeStages(Path file, List<RxtTrainer.StageResult> stages) throws IOException {
    List<Object> names = new ArrayList<>();
    List<Object> first = new ArrayList<>();
    List<Object> last = new ArrayList<>();
    List<Object> ppl = new ArrayList<>();
    List<Object> acc = new ArrayList<>();
    for (RxtTrainer.StageResult s : stages) {
      names.add(s.stage());
      first.add(s.firstLoss());
      last.add(s.lastLoss());
      ppl.add(s.validation().perplexity());
      acc.add(s.validation().accuracy());
    }
    ResultsWriter.writeCsv(file, List.of("stage", "first_loss", "last_loss", "validation_perplexity",
        "validation_answer_accuracy"), List.of(names, first, last, ppl, acc));
  }

  /** The stage, validation_perplexity and validation_answer_accuracy columns of a stages.csv. */
  static List<Stage> readStages(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserError("--training: cannot read " + file + " (a train-rxt --out directory has it)");
    }
    if (lines.isEmpty()) {
      throw new UserError("--training: " + file + " is empty");
    }
    List<String> header = List.of(lines.get(0).trim().split(","));
    int stage = header.indexOf("stage");
    int ppl = header.indexOf("validation_perplexity");
    int acc = header.indexOf("validation_answer_accuracy");
    if (stage < 0 || ppl < 0 || acc < 0) {
      throw new UserError("--training: " + file + " lacks a stage, validation_perplexity or validation_answer_accuracy column");
    }
    List<Stage> stages = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(",");
      try {
        stages.add(new Stage(f[stage], Double.parseDouble(f[ppl]), Double.parseDouble(f[acc])));
      } catch (RuntimeException e) {
        throw new UserError("--training: bad row in " + file + ": " + line);
      }
    }
    return stages;
  }

  /** train-rxt's summary.json meta (seed, split_seed), or null when it has none. */
  static JsonNode readMeta(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode meta = new ObjectMapper().readTree(file.toFile()).get("meta");
      return meta != null && meta.isObject() ? meta : null;
    } catch (IOException e) {
      throw new UserError("--training: cannot read " + file + " as JSON (" + e.getMessage() + ")");
    }
  }
}
