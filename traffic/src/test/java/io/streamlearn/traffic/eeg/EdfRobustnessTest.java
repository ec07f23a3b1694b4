package io.streamlearn.traffic.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted bad EDF files (issue 17): each is one line naming the file, the place and the problem, or
 * is read with a warning; none is a stack trace or silently wrong samples.
 */
class EdfRobustnessTest {
  private static final Path FILE = Path.of("src/test/resources/edf/test_generator.edf");
  private static final int NS = 12;

  private static byte[] original() throws IOException {
    return Files.readAllBytes(FILE);
  }

  private static byte[] withField(byte[] bytes, int at, int width, String value) {
    byte[] out = bytes.clone();
    byte[] v = String.format("%-" + width + "s", value).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(v, 0, out, at, width);
    return out;
  }

  private static String error(byte[] bytes) {
    IOException e = assertThrows(IOException.class, () -> EdfReader.parse(bytes, "crafted.edf"));
    assertTrue(e.getMessage().startsWith("crafted.edf: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void aFileCutInsideTheSignalHeadersNamesTheFieldItEndsIn() throws Exception {
    String message = error(Arrays.copyOf(original(), 256 + NS * 16 + NS * 80 + 3));
    assertTrue(message.contains("truncated inside the header") && message.contains("physical dimension' of signal 1"),
        message);
    assertTrue(error(Arrays.copyOf(original(), 100)).contains("is this an EDF file?"));
  }

  @Test
  void aRecordDurationOfZeroIsRefused() throws Exception {
    String message = error(withField(original(), 244, 8, "0"));
    assertTrue(message.contains("header byte 244 (duration of a data record)") && message.contains("must be positive"),
        message);
  }

  @Test
  void equalDigitalMinimumAndMaximumIsRefusedInsteadOfScalingToInfinity() throws Exception {
    int signal = 2;
    byte[] bytes = withField(original(), 256 + NS * 120 + signal * 8, 8, "0");
    bytes = withField(bytes, 256 + NS * 128 + signal * 8, 8, "0");
    String message = error(bytes);
    assertTrue(message.contains("signal 3 'pulse': digital minimum 0 is not below the maximum 0"), message);
  }

  @Test
  void anUnknownRecordCountOnATruncatedFileWarnsOfTheDroppedPartialRecord() throws Exception {
    byte[] minusOne = withField(original(), 236, 8, "-1");
    int recordBytes = (original().length - 3328) / 600; // the header is 13 × 256 bytes, then 600 records
    byte[] cut = Arrays.copyOf(minusOne, 3328 + 10 * recordBytes + 777);
    EdfReader.Recording r = EdfReader.parse(cut, "crafted.edf");
    assertEquals(10, r.records());
    assertEquals(2000, r.signals().get(0).samples().length);
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).contains("data record 11 is incomplete (777 of " + recordBytes + " bytes"),
        r.warnings().get(0));
    // With the count declared, the same cut is a truncated file.
    assertTrue(error(Arrays.copyOf(original(), cut.length)).contains("the header declares 600 data records"));
  }

  @Test
  void theEdfPlusStartOffsetOfTheFirstTimeKeepingAnnotationMovesTheFirstSample(@TempDir Path dir) throws Exception {
    long start = 1_700_000_000_000L + 394; // a recording that began 0.394 s into its second
    Path file = dir.resolve("offset.edf");
    EdfWriter.write(file, null, "offset", start, 1.0,
        List.of(new EdfWriter.Channel("C3", "uV", 100, new double[300])), List.of());
    EdfReader.Recording r = EdfReader.read(file);
    assertEquals(0.394, r.startOffsetSeconds(), 1e-9);
    assertEquals(start - 394, r.startMillis(), "the header holds whole seconds");
    assertEquals(start, r.firstSampleMillis());
  }

  @Test
  void nonAsciiHeaderBytesAreReadAsQuestionMarksWithAWarningNamingTheField() throws Exception {
    byte[] bytes = original();
    bytes[8 + 3] = (byte) 0xE9; // 'é' in Latin-1, inside the patient field
    EdfReader.Recording r = EdfReader.parse(bytes, "crafted.edf");
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).contains("header byte 11 (patient): non-ASCII byte 0xE9"), r.warnings().get(0));
    assertTrue(r.patient().contains("?"), r.patient());
  }

  @Test
  void aHeaderNumberThatIsNotOneNamesItsByteAndField() throws Exception {
    String message = error(withField(original(), 236, 8, "six"));
    assertTrue(message.contains("header byte 236 (number of data records): 'six' is not an integer"), message);
    message = error(withField(original(), 256 + NS * 16 + NS * 80 + NS * 8 + 8, 8, "1e999"));
    assertTrue(message.contains("(physical minimum of signal 2): '1e999' is not a number"), message);
  }

  @Test
  void theSharedTestFileReadsWithoutWarnings() throws Exception {
    EdfReader.Recording r = EdfReader.read(FILE);
    assertEquals(List.of(), r.warnings());
    assertEquals(0.0, r.startOffsetSeconds());
  }
}
