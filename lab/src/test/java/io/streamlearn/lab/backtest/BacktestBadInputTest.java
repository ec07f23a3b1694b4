package io.streamlearn.lab.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.lab.LabMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input of backtest and export-feedback: one line naming the file, the place and the problem, exit code 2. */
class BacktestBadInputTest {
  private static final Path RECORDING = Path.of("../docs/backtest/ads-recording.avro");
  private static final Path EDF = Path.of("../traffic/src/test/resources/edf/test_generator.edf");
  private static final String OBP = "timestamp,item_id,position,click,propensity_score\n";

  /** Runs the lab's command line; returns its standard error after checking exit code 2 and one line. */
  private static String refused(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = LabMain.run(args);
    } finally {
      System.setErr(err);
    }
    String message = captured.toString(StandardCharsets.UTF_8).strip();
    assertEquals(2, code, Arrays.toString(args) + ": " + message);
    assertEquals(1, message.lines().count(), "one line: " + message);
    assertTrue(message.startsWith("error: "), message);
    return message;
  }

  @Test
  void aMissingFileAFileThatIsNotARecordingAndATruncatedRecording(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    assertTrue(refused("backtest", "--in", dir.resolve("none.avro").toString(), "--out", out.toString()).contains("none.avro: no such file"));
    Path text = dir.resolve("notes.avro");
    Files.writeString(text, "these are not records\n");
    assertTrue(refused("backtest", "--in", text.toString(), "--out", out.toString())
        .contains(text + ": not an Avro container file"));
    byte[] whole = Files.readAllBytes(RECORDING);
    Path cut = dir.resolve("cut.avro");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    String message = refused("backtest", "--in", cut.toString(), "--out", out.toString());
    assertTrue(message.matches("error: " + java.util.regex.Pattern.quote(cut.toString())
        + ": truncated or corrupt after record \\d+: .*"), message);
    assertTrue(refused("export-feedback", "--in", cut.toString(), "--out", out.toString()).contains("truncated or corrupt"));
  }

  @Test
  void anEdfWithABadHeaderNamesTheFileAndTheField(@TempDir Path dir) throws Exception {
    byte[] bytes = Files.readAllBytes(EDF);
    System.arraycopy("abc     ".getBytes(StandardCharsets.US_ASCII), 0, bytes, 236, 8);
    Path bad = dir.resolve("bad.edf");
    Files.write(bad, bytes);
    assertEquals("error: " + bad + ": header byte 236 (number of data records): 'abc' is not an integer",
        refused("backtest", "--in", bad.toString(), "--out", dir.resolve("out").toString()));
  }

  @Test
  void aFeedbackLogMissingAColumnOrWithABadPropensityNamesTheRow(@TempDir Path dir) throws Exception {
    Path pi = dir.resolve("pi.csv");
    Files.writeString(pi, "action,probability\n0,0.5\n1,0.5\n");
    String out = dir.resolve("out").toString();
    for (String[] c : new String[][] {
        {"no-propensity.csv", "timestamp,item_id,position,click\nt,0,0,1\n", ": missing column 'propensity_score'"},
        {"zero.csv", OBP + "t,0,0,1,0.5\nt,1,0,0,0\n", " row 2: propensity_score 0 is not in (0, 1]"},
        {"above-one.csv", OBP + "t,0,0,1,1.25\n", " row 1: propensity_score 1.25 is not in (0, 1]"},
        {"missing.csv", OBP + "t,0,0,1,0.5\nt,0,0,1,0.5\nt,1,0,1,\n", " row 3: propensity_score is missing"}}) {
      Path log = dir.resolve(c[0]);
      Files.writeString(log, c[1]);
      String message = refused("backtest", "--ope", "--log", log.toString(), "--target-probabilities", pi.toString(), "--out", out);
      assertTrue(message.startsWith("error: " + log + c[2]), message);
    }
    Path good = dir.resolve("good.csv");
    Files.writeString(good, OBP + "t,0,0,1,0.5\n");
    Files.writeString(pi, "action,probability\n0,0.7\n1,0.7\n");
    assertTrue(refused("backtest", "--ope", "--log", good.toString(), "--target-probabilities", pi.toString(), "--out", out)
        .contains(pi + ": the probabilities of position 0 sum to 1.4, not 1"));
  }

  @Test
  void optionsThatCannotWorkTogetherSayWhatToPass(@TempDir Path dir) {
    String out = dir.resolve("out").toString();
    assertTrue(refused("backtest", "--ope", "--out", out).contains("--ope needs --log LOG.csv and --target-probabilities PI.csv"));
    assertTrue(refused("backtest", "--out", out).contains("pass --in FILE"));
    assertTrue(refused("backtest", "--in", RECORDING.toString(), "--compare", "No-Such-Policy", "--out", out)
        .contains("unknown policy 'No-Such-Policy'"));
    assertTrue(refused("backtest", "--in", RECORDING.toString(), "--from", "yesterday", "--out", out)
        .contains("--from 'yesterday' is not an instant"));
  }
}
