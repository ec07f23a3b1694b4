package io.streamlearn.traffic.eeg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * EDF+ "EDF Annotations" signals: each data record holds time-stamped annotation lists (TALs),
 * "+onset[\x15duration]\x14text\x14[text\x14…]\0". The first TAL of every record is its time-keeping
 * TAL (onset only, empty text): the record's start relative to the header's start time; that of the
 * first record is where the samples start (e.g. +0.3945 for a recording that began mid-second).
 */
final class EdfAnnotations {

  private final String source;
  private final List<String> warnings;
  private final List<EdfReader.Annotation> annotations = new ArrayList<>();
  private double startOffset;
  private boolean offsetRead;

  EdfAnnotations(String source, List<String> warnings) {
    this.source = source;
    this.warnings = warnings;
  }

  void parseRecord(byte[] b, int from, int len, int record) {
    int end = from + len;
    int i = from;
    boolean first = true;
    while (i < end) {
      if (b[i] == 0) {
        i++;
        continue;
      }
      int talEnd = i;
      while (talEnd < end && b[talEnd] != 0) {
        talEnd++;
      }
      String tal = new String(b, i, talEnd - i, StandardCharsets.UTF_8);
      i = talEnd + 1;
      parseTal(tal, record, first);
      first = false;
    }
  }

  private void parseTal(String tal, int record, boolean timeKeeping) {
    String[] parts = tal.split("\u0014", -1);
    String[] onsetDuration = parts[0].split("\u0015", -1);
    double onset;
    double duration = Double.NaN;
    try {
      onset = Double.parseDouble(onsetDuration[0]);
      if (onsetDuration.length > 1 && !onsetDuration[1].isEmpty()) {
        duration = Double.parseDouble(onsetDuration[1]);
      }
    } catch (NumberFormatException e) {
      warnings.add(source + ": data record " + (record + 1) + ": annotation '" + printable(tal)
          + "' has no readable onset/duration: skipped");
      return;
    }
    if (parts.length < 2) {
      warnings.add(source + ": data record " + (record + 1) + ": annotation '" + printable(tal)
          + "' lacks its 0x14 separator: skipped");
      return;
    }
    boolean hasText = false;
    for (int p = 1; p < parts.length; p++) {
      if (!parts[p].isEmpty()) {
        annotations.add(new EdfReader.Annotation(onset, duration, parts[p]));
        hasText = true;
      }
    }
    if (timeKeeping && !hasText && record == 0 && !offsetRead) {
      startOffset = onset;
      offsetRead = true;
    }
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7E]", "·");
  }

  List<EdfReader.Annotation> annotations() {
    return List.copyOf(annotations);
  }

  double startOffsetSeconds() {
    return startOffset;
  }
}
