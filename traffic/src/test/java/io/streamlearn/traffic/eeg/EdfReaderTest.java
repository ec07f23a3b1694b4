package io.streamlearn.traffic.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against test_generator.edf from the pyedflib project (BSD licence; Holger Nahrstaedt, Chris
 * Lee-Messer, Teunis van Beelen), a test resource (see its README).
 */
class EdfReaderTest {
  private static final Path FILE = Path.of("src/test/resources/edf/test_generator.edf");

  @Test
  void readsHeaderSignalsScalingAndAnnotations() throws Exception {
    EdfReader.Recording r = EdfReader.read(FILE);
    assertTrue(r.edfPlus());
    assertEquals(600, r.records());
    assertEquals(1.0, r.recordDuration());
    assertEquals(11, r.signals().size(), "12 header signals, one of them EDF Annotations");
    assertEquals(List.of("squarewave", "ramp", "pulse", "noise", "sine 1 Hz", "sine 8 Hz", "sine 8.1777 Hz",
        "sine 8.5 Hz", "sine 15 Hz", "sine 17 Hz", "sine 50 Hz"), r.signals().stream().map(EdfReader.Signal::label).toList());
    for (EdfReader.Signal s : r.signals()) {
      assertEquals(200.0, s.sampleRate(), s.label());
      assertEquals(120_000, s.samples().length, s.label());
      assertEquals("uV", s.physicalDimension());
    }
    EdfReader.Signal sine = r.signal("sine 1 Hz");
    // physical ±1000 over digital −32768…32767: 1000 / 32767.5 µV per step, zero at digital −0.5
    assertEquals(1000.0, sine.toPhysical(32767), 1e-9);
    assertEquals(-1000.0, sine.toPhysical(-32768), 1e-9);
    // a 100 µV, 1 Hz sine: peak at t = 0.25 s (sample 50), trough at 0.75 s
    assertEquals(100.0, sine.samples()[50], 0.1);
    assertEquals(-100.0, sine.samples()[150], 0.1);
    // the generator starts one sample into the period: sample k = 100 sin(2π (k + 1) / 200)
    assertEquals(100 * Math.sin(2 * Math.PI * 2 / 200.0), sine.samples()[1], 0.1);
    assertEquals(r.signal("sine 50 Hz").samples()[0], 100.0, 0.1);
    assertEquals(2, r.annotations().size());
    assertEquals("Recording starts", r.annotations().get(0).text());
    assertEquals(0.0, r.annotations().get(0).onset());
    assertEquals("Recording ends", r.annotations().get(1).text());
    assertEquals(600.0, r.annotations().get(1).onset());
    assertEquals(java.time.Instant.parse("2011-04-04T12:57:02Z").toEpochMilli(), r.startMillis());
  }
}
