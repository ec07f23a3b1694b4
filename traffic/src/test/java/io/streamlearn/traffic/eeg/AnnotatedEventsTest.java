package io.streamlearn.traffic.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatedEventsTest {

  @Test
  void szcoreEventsTsvGivesItsSeizuresAndNotTheBackground(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("sub-01_ses-01_task-szMonitoring_run-00_events.tsv");
    Files.writeString(tsv, "onset\tduration\teventType\tconfidence\tchannels\tdateTime\trecordingDuration\n"
        + "0.0\t3600.0\tbckg\tn/a\tn/a\t2024-01-01 00:00:00\t3600\n"
        + "296.0\t40.5\tsz_foc_ia\t1\tn/a\t2024-01-01 00:00:00\t3600\n"
        + "1800\t12\tsz\tn/a\tn/a\t2024-01-01 00:00:00\t3600\n");
    assertEquals(List.of(new AnnotatedEvents.Event(296, 40.5, "sz_foc_ia"), new AnnotatedEvents.Event(1800, 12, "sz")),
        AnnotatedEvents.readBidsTsv(tsv));
  }

  @Test
  void aTsvMissingAColumnOrWithABadNumberIsOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path noType = dir.resolve("a.tsv");
    Files.writeString(noType, "onset\tduration\n1\t2\n");
    IOException e = assertThrows(IOException.class, () -> AnnotatedEvents.readBidsTsv(noType));
    assertTrue(e.getMessage().startsWith(noType + ": line 1: missing column 'eventType'"), e.getMessage());
    Path bad = dir.resolve("b.tsv");
    Files.writeString(bad, "onset\tduration\teventType\n1\t2\tsz\nsoon\t2\tsz\n");
    e = assertThrows(IOException.class, () -> AnnotatedEvents.readBidsTsv(bad));
    assertEquals(bad + ": line 3: column 'onset': 'soon' is not a number", e.getMessage());
  }
}
