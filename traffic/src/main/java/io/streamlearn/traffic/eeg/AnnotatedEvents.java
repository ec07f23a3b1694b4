package io.streamlearn.traffic.eeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The annotated events of a recording (e.g. seizures) that alerts are scored against, in seconds
 * from the recording's first sample: from its EDF+ annotations (those whose text matches a
 * pattern), or from a BIDS {@code events.tsv} as SzCORE uses it (columns {@code onset},
 * {@code duration}, {@code eventType}: "sz" or "sz_…" for seizures, "bckg" for background).
 */
public final class AnnotatedEvents {

  /** One event; a duration of 0 is an instant (an annotation without one). */
  public record Event(double onsetSeconds, double durationSeconds, String type) {
    public double endSeconds() {
      return onsetSeconds + durationSeconds;
    }
  }

  /** EDF+ annotation texts taken as seizures by default. */
  public static final Pattern SEIZURE_TEXT = Pattern.compile("(?i)seiz|^sz([_ ].*)?$|ictal|crise|anfall");

  private AnnotatedEvents() {}

  /** The annotations whose text matches {@code pattern}, onsets moved to the first sample's time. */
  public static List<Event> fromEdf(EdfReader.Recording recording, Pattern pattern) {
    List<Event> events = new ArrayList<>();
    for (EdfReader.Annotation a : recording.annotations()) {
      if (pattern.matcher(a.text()).find()) {
        double duration = Double.isNaN(a.duration()) ? 0 : a.duration();
        events.add(new Event(a.onset() - recording.startOffsetSeconds(), duration, a.text()));
      }
    }
    return events;
  }

  /** SzCORE's seizure event types: "sz" and its subtypes "sz_…". */
  public static boolean isSeizure(String eventType) {
    return eventType.equals("sz") || eventType.startsWith("sz_");
  }

  /**
   * The seizure events of a BIDS {@code events.tsv} (tab-separated, header row).
   *
   * @throws IOException one line naming the file, the line and the problem (missing column, bad number)
   */
  public static List<Event> readBidsTsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(file + ": empty, expected a header with onset, duration, eventType");
    }
    List<String> header = Arrays.stream(lines.get(0).split("\t", -1)).map(String::trim).toList();
    int onset = column(file, header, "onset");
    int duration = column(file, header, "duration");
    int type = header.indexOf("eventType") >= 0 ? header.indexOf("eventType") : header.indexOf("trial_type");
    if (type < 0) {
      throw new IOException(file + ": line 1: missing column 'eventType' (SzCORE; 'trial_type' accepted), header is "
          + String.join(" | ", header));
    }
    List<Event> events = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split("\t", -1);
      if (cells.length < header.size()) {
        throw new IOException(file + ": line " + (i + 1) + ": " + cells.length + " cells, the header has " + header.size());
      }
      String kind = cells[type].trim();
      if (isSeizure(kind)) {
        double start = number(file, i + 1, "onset", cells[onset]);
        double length = cells[duration].trim().equals("n/a") ? 0 : number(file, i + 1, "duration", cells[duration]);
        if (length < 0) {
          throw new IOException(file + ": line " + (i + 1) + ": column 'duration': " + length + " is negative");
        }
        events.add(new Event(start, length, kind));
      }
    }
    return events;
  }

  private static int column(Path file, List<String> header, String name) throws IOException {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IOException(file + ": line 1: missing column '" + name + "', header is " + String.join(" | ", header));
    }
    return i;
  }

  private static double number(Path file, int line, String column, String cell) throws IOException {
    try {
      double v = Double.parseDouble(cell.trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(file + ": line " + line + ": column '" + column + "': '" + cell + "' is not a number");
  }
}
