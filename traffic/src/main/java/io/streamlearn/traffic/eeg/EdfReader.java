package io.streamlearn.traffic.eeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of EDF and EDF+ (continuous) files: the fixed header, per-signal headers (label, transducer,
 * physical dimension, physical/digital min/max, prefiltering, samples per record), the data records
 * (16-bit little-endian two's complement) scaled to physical units, and EDF+ "EDF Annotations"
 * signals parsed as time-stamped annotation lists (TALs, {@link EdfAnnotations}). Whole file in
 * memory: meant for test data, demos and replay of recordings of moderate size.
 *
 * <p>A file that cannot be read right is an {@link IOException} of one line naming the file, the
 * place (header byte and field, signal, data record) and the problem; what can be read but is
 * questionable (a partial last record, non-ASCII header bytes, an unreadable start date) is read and
 * listed in {@link Recording#warnings()}.
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

  /** An EDF+ annotation: onset (seconds from the header's start time), duration (seconds, NaN if absent), text. */
  public record Annotation(double onset, double duration, String text) {}

  /**
   * A parsed file. {@code startMillis} is the header's start date/time read as UTC (-1 if
   * unreadable); the first sample is {@code startOffsetSeconds} later (EDF+: the onset of the first
   * record's time-keeping annotation; 0 for EDF).
   */
  public record Recording(String version, String patient, String recordingId, String startDate, String startTime,
      long startMillis, boolean edfPlus, int records, double recordDuration, List<Signal> signals,
      List<Annotation> annotations, double startOffsetSeconds, List<String> warnings) {

    public Signal signal(String label) {
      for (Signal s : signals) {
        if (s.label().equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no signal " + label);
    }

    /** Event time of the first sample, or -1 when the start date is unreadable. */
    public long firstSampleMillis() {
      return startMillis < 0 ? -1 : startMillis + Math.round(startOffsetSeconds * 1000);
    }
  }

  private EdfReader() {}

  public static Recording read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  public static Recording parse(byte[] bytes) throws IOException {
    return parse(bytes, "EDF data");
  }

  /** @param source the file's name in messages */
  public static Recording parse(byte[] bytes, String source) throws IOException {
    List<String> warnings = new ArrayList<>();
    EdfHeader h = new EdfHeader(bytes, source, warnings);
    String version = h.text(8, "version");
    String patient = h.text(80, "patient");
    String recording = h.text(80, "recording");
    String date = h.text(8, "start date");
    String time = h.text(8, "start time");
    int headerBytes = h.integer(8, "number of bytes in header");
    String reserved = h.text(44, "reserved");
    int records = h.integer(8, "number of data records");
    double recordDuration = h.number(8, "duration of a data record");
    int ns = h.integer(4, "number of signals");
    if (ns < 1 || headerBytes != 256 * (ns + 1)) {
      throw h.error(252, "number of signals", ns + " signals need a header of " + 256L * (ns + 1)
          + " bytes, the header says " + headerBytes);
    }
    h.requireHeader(headerBytes, ns);
    String[] label = h.texts(ns, 16, "label");
    String[] transducer = h.texts(ns, 80, "transducer type");
    String[] dim = h.texts(ns, 8, "physical dimension");
    double[] pmin = h.numbers(ns, 8, "physical minimum");
    double[] pmax = h.numbers(ns, 8, "physical maximum");
    double[] dmin = h.numbers(ns, 8, "digital minimum");
    double[] dmax = h.numbers(ns, 8, "digital maximum");
    String[] prefilter = h.texts(ns, 80, "prefiltering");
    int[] n = h.integers(ns, 8, "number of samples in each data record");
    boolean plus = reserved.startsWith("EDF+");
    boolean[] isAnnotation = new boolean[ns];
    int recordSamples = 0;
    for (int i = 0; i < ns; i++) {
      isAnnotation[i] = plus && label[i].equals("EDF Annotations");
      if (n[i] < 1) {
        throw h.error(h.signalFieldStart(i, "number of samples in each data record"), "number of samples in each data record",
            "signal " + (i + 1) + " '" + label[i] + "' has " + n[i] + " samples per record, need at least 1");
      }
      if (!isAnnotation[i]) {
        checkScaling(h, i, label[i], pmin[i], pmax[i], dmin[i], dmax[i], warnings, source);
      }
      recordSamples += n[i];
    }
    boolean ordinary = false;
    for (boolean a : isAnnotation) {
      ordinary |= !a;
    }
    if (ordinary && !(recordDuration > 0)) {
      throw h.error(244, "duration of a data record", "record duration " + h.raw(244, 8)
          + " s must be positive (only an annotations-only EDF+ file may have 0)");
    }
    records = dataRecords(bytes.length, headerBytes, 2L * recordSamples, records, source, warnings);
    ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // absolute indices into the whole file
    double[][] values = new double[ns][];
    for (int i = 0; i < ns; i++) {
      values[i] = isAnnotation[i] ? null : new double[n[i] * records];
    }
    EdfAnnotations tals = new EdfAnnotations(source, warnings);
    int pos = headerBytes;
    for (int r = 0; r < records; r++) {
      for (int i = 0; i < ns; i++) {
        if (isAnnotation[i]) {
          tals.parseRecord(bytes, pos, 2 * n[i], r);
        } else {
          double gain = (pmax[i] - pmin[i]) / (dmax[i] - dmin[i]);
          double[] v = values[i];
          int base = r * n[i];
          for (int k = 0; k < n[i]; k++) {
            int dig = data.getShort(pos + 2 * k);
            v[base + k] = pmin[i] + (dig - dmin[i]) * gain;
          }
        }
        pos += 2 * n[i];
      }
    }
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < ns; i++) {
      if (!isAnnotation[i]) {
        signals.add(new Signal(label[i], transducer[i], dim[i], pmin[i], pmax[i], (int) dmin[i], (int) dmax[i],
            prefilter[i], n[i], n[i] / recordDuration, values[i]));
      }
    }
    long start = EdfHeader.startMillis(date, time);
    if (start < 0) {
      warnings.add(source + ": header bytes 168-183: start date '" + date + "' / time '" + time
          + "' is not dd.mm.yy / hh.mm.ss; the recording's time is unknown");
    }
    return new Recording(version, patient, recording, date, time, start, plus, records, recordDuration,
        List.copyOf(signals), tals.annotations(), plus ? tals.startOffsetSeconds() : 0, List.copyOf(warnings));
  }

  private static void checkScaling(EdfHeader h, int i, String label, double pmin, double pmax, double dmin, double dmax,
      List<String> warnings, String source) throws IOException {
    if (!(dmax > dmin)) {
      throw h.error(h.signalFieldStart(i, "digital minimum"), "digital minimum/maximum", "signal " + (i + 1) + " '" + label
          + "': digital minimum " + fmt(dmin) + " is not below the maximum " + fmt(dmax) + ", so its samples cannot be scaled");
    }
    if (dmin < -32768 || dmax > 32767) {
      throw h.error(h.signalFieldStart(i, "digital minimum"), "digital minimum/maximum", "signal " + (i + 1) + " '" + label
          + "': digital range " + fmt(dmin) + " to " + fmt(dmax) + " exceeds 16 bits (-32768 to 32767)");
    }
    if (pmin == pmax) {
      warnings.add(source + ": signal " + (i + 1) + " '" + label + "': physical minimum = maximum = " + fmt(pmin)
          + ", every sample reads as that constant");
    }
  }

  /** The number of complete data records, checked against the header's count (-1: unknown). */
  private static int dataRecords(long fileBytes, int headerBytes, long recordBytes, int declared, String source,
      List<String> warnings) throws IOException {
    long dataBytes = fileBytes - headerBytes;
    long complete = dataBytes / recordBytes;
    long partial = dataBytes % recordBytes;
    if (declared == -1 || declared == complete) {
      if (partial != 0) {
        warnings.add(source + ": data record " + (complete + 1) + " is incomplete (" + partial + " of " + recordBytes
            + " bytes, the file ends at byte " + fileBytes + "): dropped, " + complete + " complete records read");
      }
      return (int) complete;
    }
    if (declared < -1) {
      throw new IOException(source + ": header byte 236 (number of data records): " + declared
          + " is neither a count nor -1 (unknown)");
    }
    if (declared > complete) {
      throw new IOException(source + ": truncated: the header declares " + declared + " data records of " + recordBytes
          + " bytes, the file holds " + complete + " complete ones" + (partial != 0 ? " and " + partial + " bytes" : "")
          + " (" + fileBytes + " bytes)");
    }
    warnings.add(source + ": " + (dataBytes - declared * recordBytes) + " bytes after the " + declared
        + " declared data records are ignored");
    return declared;
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
