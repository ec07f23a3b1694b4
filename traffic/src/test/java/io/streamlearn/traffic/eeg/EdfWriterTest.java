package io.streamlearn.traffic.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EDF+ writer → reader: signals within one 16-bit step, annotations (episodes) exactly. */
class EdfWriterTest {

  @Test
  void aSyntheticRecordingWithItsEpisodesSurvivesTheRoundTrip(@TempDir Path dir) throws Exception {
    SyntheticEeg eeg = new SyntheticEeg(4, 256, 90, 1_767_225_600_000L, 120, 5);
    double[][] samples = eeg.nextBlock(256 * 90 - 37); // not a whole number of records: the last is padded
    List<EdfWriter.Channel> channels = List.of(
        new EdfWriter.Channel("Fp1", "uV", 256, samples[0]), new EdfWriter.Channel("Fp2", "uV", 256, samples[1]),
        new EdfWriter.Channel("C3", "uV", 256, samples[2]), new EdfWriter.Channel("C4", "uV", 256, samples[3]));
    List<EdfReader.Annotation> annotations = List.of(new EdfReader.Annotation(12.5, 30.25, "seizure"),
        new EdfReader.Annotation(61, Double.NaN, "blink"), new EdfReader.Annotation(89.75, 0.5, "Anfall Ende"));
    Path file = dir.resolve("synthetic.edf");
    EdfWriter.write(file, "X X X X", "synthetic-5", 1_767_225_600_000L, 1.0, channels, annotations);

    EdfReader.Recording r = EdfReader.read(file);
    assertEquals(List.of(), r.warnings());
    assertTrue(r.edfPlus());
    assertEquals(90, r.records());
    assertEquals(1_767_225_600_000L, r.firstSampleMillis());
    assertEquals(List.of("Fp1", "Fp2", "C3", "C4"), r.signals().stream().map(EdfReader.Signal::label).toList());
    for (int c = 0; c < 4; c++) {
      EdfReader.Signal s = r.signals().get(c);
      assertEquals(256.0, s.sampleRate());
      assertEquals("uV", s.physicalDimension());
      double step = (s.physicalMax() - s.physicalMin()) / 65535;
      double worst = 0;
      for (int i = 0; i < samples[c].length; i++) {
        worst = Math.max(worst, Math.abs(s.samples()[i] - samples[c][i]));
      }
      assertTrue(worst <= step, s.label() + ": error " + worst + " above one step " + step);
      assertEquals(samples[c][samples[c].length - 1], s.samples()[256 * 90 - 1], step, "padded with the last sample");
    }
    assertEquals(annotations, r.annotations());
    List<AnnotatedEvents.Event> events = AnnotatedEvents.fromEdf(r, AnnotatedEvents.SEIZURE_TEXT);
    assertEquals(List.of(new AnnotatedEvents.Event(12.5, 30.25, "seizure"), new AnnotatedEvents.Event(89.75, 0.5,
        "Anfall Ende")), events);
    // EDF's fixed header as a viewer checks it: 256 bytes per signal plus one, ASCII only.
    byte[] bytes = Files.readAllBytes(file);
    assertEquals("EDF+C", new String(bytes, 192, 5, java.nio.charset.StandardCharsets.US_ASCII));
    for (int i = 0; i < 256 * 6; i++) {
      assertTrue(bytes[i] >= 32 && bytes[i] < 127, "header byte " + i);
    }
  }
}
