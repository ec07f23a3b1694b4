package io.streamlearn.traffic.eeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reader of EDF and EDF+ (continuous) files: the fixed header, per-signal headers (label, transducer,
 * physical dimension, physical/digital min/max, prefiltering, samples per record), the data records
 * (16-bit little-endian two's complement) scaled to physical units, and EDF+ "EDF Annotations"
 * signals parsed as time-stamped annotation lists (TALs). Whole file in memory: meant for test data,
 * demos and replay of recordings of moderate size.
 */
public final class EdfReader {

  /** One ordinary signal. */
  public record Signal(String label, String transducer, String physicalDimension, double physicalMin,
      double physicalMax, int digitalMin, int digitalMax, String prefiltering, int samplesPerRecord,
      double sampleRate, double[] samples) {

    /** Physical value of a digital one: linear map of [digitalMin, digitalMax] onto [physicalMin, physicalMax]. */
    public double toPhysical(int digital) {
      double gain = (physicalMax - physicalMin) / (digitalMax - digitalMin);
      return physicalMin + (digital - digitalMin) * gain;
    }
  }

  /** An EDF+ annotation: onset (seconds from file start), duration (seconds, NaN if absent), text. */
  public record Annotation(double onset, double duration, String text) {}

  /** A parsed file. {@code startMillis} is the header's start date/time read as UTC. */
  public record Recording(String version, String patient, String recordingId, String startDate, String startTime,
      long startMillis, boolean edfPlus, int records, double recordDuration, List<Signal> signals,
      List<Annotation> annotations) {

    public Signal signal(String label) {
      for (Signal s : signals) {
        if (s.label().equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no signal " + label);
    }
  }

  private EdfReader() {}

  public static Recording read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  public static Recording parse(byte[] bytes) throws IOException {
    if (bytes.length < 256) {
      throw new IOException("not an EDF file: " + bytes.length + " bytes");
    }
    Cursor h = new Cursor(bytes, 0);
    String version = h.text(8);
    String patient = h.text(80);
    String recording = h.text(80);
    String date = h.text(8);
    String time = h.text(8);
    int headerBytes = h.integer(8);
    String reserved = h.text(44);
    int records = h.integer(8);
    double recordDuration = h.number(8);
    int ns = h.integer(4);
    if (ns < 1 || headerBytes != 256 * (ns + 1)) {
      throw new IOException("inconsistent header: " + ns + " signals, " + headerBytes + " header bytes");
    }
    String[] label = h.texts(ns, 16);
    String[] transducer = h.texts(ns, 80);
    String[] dim = h.texts(ns, 8);
    double[] pmin = h.numbers(ns, 8);
    double[] pmax = h.numbers(ns, 8);
    double[] dminD = h.numbers(ns, 8);
    double[] dmaxD = h.numbers(ns, 8);
    String[] prefilter = h.texts(ns, 80);
    double[] spr = h.numbers(ns, 8);
    h.texts(ns, 32); // reserved per signal
    int[] n = new int[ns];
    int recordSamples = 0;
    for (int i = 0; i < ns; i++) {
      n[i] = (int) spr[i];
      recordSamples += n[i];
    }
    if (records < 0) { // -1: unknown, infer from the file size
      records = (bytes.length - headerBytes) / (2 * recordSamples);
    }
    long need = headerBytes + 2L * recordSamples * records;
    if (bytes.length < need) {
      throw new IOException("file truncated: " + bytes.length + " bytes, header promises " + need);
    }
    boolean plus = reserved.startsWith("EDF+");
    ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // absolute indices into the whole file
    double[][] values = new double[ns][];
    List<List<byte[]>> annotationBytes = new ArrayList<>();
    boolean[] isAnnotation = new boolean[ns];
    for (int i = 0; i < ns; i++) {
      isAnnotation[i] = plus && label[i].equals("EDF Annotations");
      values[i] = isAnnotation[i] ? null : new double[n[i] * records];
    }
    List<Annotation> annotations = new ArrayList<>();
    int pos = headerBytes;
    for (int r = 0; r < records; r++) {
      for (int i = 0; i < ns; i++) {
        if (isAnnotation[i]) {
          parseTals(bytes, pos, 2 * n[i], annotations);
        } else {
          double gain = (pmax[i] - pmin[i]) / (dmaxD[i] - dminD[i]);
          double[] v = values[i];
          int base = r * n[i];
          for (int k = 0; k < n[i]; k++) {
            int dig = data.getShort(pos + 2 * k);
            v[base + k] = pmin[i] + (dig - dminD[i]) * gain;
          }
        }
        pos += 2 * n[i];
      }
    }
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < ns; i++) {
      if (!isAnnotation[i]) {
        signals.add(new Signal(label[i], transducer[i], dim[i], pmin[i], pmax[i], (int) dminD[i], (int) dmaxD[i],
            prefilter[i], n[i], n[i] / recordDuration, values[i]));
      }
    }
    return new Recording(version, patient, recording, date, time, startMillis(date, time), plus, records,
        recordDuration, List.copyOf(signals), List.copyOf(annotations));
  }

  /**
   * TAL: "+onset[\x15duration]\x14text\x14[text\x14…]\0". The first TAL of each record carries only
   * the record's time-keeping onset (empty text) and is skipped.
   */
  private static void parseTals(byte[] b, int from, int len, List<Annotation> out) {
    int end = from + len;
    int i = from;
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
      String[] parts = tal.split("\u0014", -1);
      if (parts.length < 2) {
        continue;
      }
      String[] od = parts[0].split("\u0015", -1);
      double onset;
      try {
        onset = Double.parseDouble(od[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      double duration = od.length > 1 && !od[1].isEmpty() ? Double.parseDouble(od[1]) : Double.NaN;
      for (int p = 1; p < parts.length; p++) {
        if (!parts[p].isEmpty()) {
          out.add(new Annotation(onset, duration, parts[p]));
        }
      }
    }
  }

  private static long startMillis(String date, String time) {
    try {
      String[] d = date.split("\\.");
      String[] t = time.split("\\.");
      int yy = Integer.parseInt(d[2]);
      int year = yy >= 85 ? 1900 + yy : 2000 + yy; // EDF spec: 85–99 → 1985–1999, 00–84 → 2000–2084
      return LocalDateTime.of(year, Integer.parseInt(d[1]), Integer.parseInt(d[0]), Integer.parseInt(t[0]),
          Integer.parseInt(t[1]), Integer.parseInt(t[2])).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** ASCII header fields. */
  private static final class Cursor {
    private final byte[] b;
    private int p;

    Cursor(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    String text(int len) {
      String s = new String(b, p, len, StandardCharsets.US_ASCII).trim();
      p += len;
      return s;
    }

    int integer(int len) throws IOException {
      String s = text(len);
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IOException("bad integer header field '" + s + "'");
      }
    }

    double number(int len) throws IOException {
      String s = text(len);
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IOException("bad number header field '" + s + "'");
      }
    }

    String[] texts(int count, int len) {
      String[] out = new String[count];
      for (int i = 0; i < count; i++) {
        out[i] = text(len);
      }
      return out;
    }

    double[] numbers(int count, int len) throws IOException {
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = number(len);
      }
      return out;
    }
  }
}
