package io.streamlearn.lab.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.lab.LabMain;
import io.streamlearn.traffic.eeg.EdfReader;
import io.streamlearn.traffic.eeg.EdfWriter;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory of EDF+ files through the EEG path: the report's keys, SzCORE against the annotations, short recordings. */
class EegBacktestTest {

  private static void edf(Path file, double seconds, long seed, List<EdfReader.Annotation> annotations) throws Exception {
    SyntheticEeg eeg = new SyntheticEeg(4, 128, seconds, 1_767_225_600_000L, 0, seed);
    double[][] s = eeg.nextBlock((int) (128 * seconds));
    List<EdfWriter.Channel> channels = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      channels.add(new EdfWriter.Channel("ch" + c, "uV", 128, s[c]));
    }
    EdfWriter.write(file, null, file.getFileName().toString(), 1_767_225_600_000L, 1.0, channels, annotations);
  }

  @Test
  void recordingsAreScoredAgainstTheirAnnotationsAndAShortOneSaysWhyItIsNot(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    edf(in.resolve("long.edf"), 200, 1, List.of(new EdfReader.Annotation(150, 20, "seizure")));
    // Shorter than the score warm-up (streamlearn.eeg.score-warmup, 20 s): no score at all.
    edf(in.resolve("short.edf"), 15, 2, List.of());
    Path out = dir.resolve("out");
    assertEquals(0, LabMain.run("backtest", "--in", in.toString(), "--out", out.toString()));

    JsonNode recordings = new ObjectMapper().readTree(out.resolve("summary.json").toFile())
        .path("configurations").path("live").path("recordings");
    JsonNode scored = recordings.path("long");
    assertEquals(Set.of("sensitivity", "precision", "f1", "fp_per_24h"), fields(scored.path("szcore")));
    assertTrue(scored.path("forecast_nrmse").has("ch0"), scored.toString());
    assertEquals(1, scored.path("events").asInt());
    assertTrue(scored.path("scored").path("from_s").asDouble() > 0, scored.path("scored").toString());
    JsonNode notScored = recordings.path("short").path("scored");
    assertTrue(notScored.path("reason").asText().startsWith("not scored: the recording's 15.0 s of signal end before"),
        notScored.toString());
    JsonNode replay = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("configurations").path("live")
        .path("replay");
    assertEquals(4 * (200 + 15), replay.path("records").asLong(), "blocks of 250 ms of both recordings");
    assertTrue(replay.path("x_real_time").asDouble() > 1, replay.toString());
    for (String f : List.of("report.html", "recordings.csv", "nrmse.csv", "scores.csv", "long-live.png", "short-live.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"), "figures embedded");
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
