package io.streamlearn.traffic.eeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes EDF+C files (continuous EDF+, as EDFbrowser and other clinical viewers open them): every
 * channel scaled to 16 bits over its own physical range, and an "EDF Annotations" signal carrying
 * each record's time-keeping TAL and the annotations (e.g. a synthetic recording's injected
 * episodes as "seizure" with their durations), each in the record its onset falls in. The start
 * time's milliseconds go into the first time-keeping TAL, as EDF+ specifies for sub-second starts.
 */
public final class EdfWriter {

  /** One channel: {@code samples} at {@code sampleRate} in {@code unit} (e.g. uV). */
  public record Channel(String label, String unit, double sampleRate, double[] samples) {}

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yy", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm.ss", Locale.ROOT);
  private static final DateTimeFormatter PLUS_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);

  private EdfWriter() {}

  /**
   * @param startMillis event time of the first sample
   * @param annotations onsets in seconds from the first sample
   * @throws IllegalArgumentException if a channel's samples per record are not whole, or labels are not ASCII
   */
  public static void write(Path file, String patient, String recordingId, long startMillis, double recordSeconds,
      List<Channel> channels, List<EdfReader.Annotation> annotations) throws IOException {
    if (channels.isEmpty() || !(recordSeconds > 0)) {
      throw new IllegalArgumentException("an EDF file needs at least one channel and a positive record duration");
    }
    int ns = channels.size() + 1;
    int[] perRecord = new int[channels.size()];
    int records = 0;
    for (int c = 0; c < channels.size(); c++) {
      double n = channels.get(c).sampleRate() * recordSeconds;
      perRecord[c] = (int) Math.round(n);
      if (Math.abs(n - perRecord[c]) > 1e-9 || perRecord[c] < 1) {
        throw new IllegalArgumentException("channel " + channels.get(c).label() + ": " + channels.get(c).sampleRate()
            + " Hz × " + recordSeconds + " s is not a whole number of samples per record");
      }
      records = Math.max(records, (channels.get(c).samples().length + perRecord[c] - 1) / perRecord[c]);
    }
    long headerSecond = Math.floorDiv(startMillis, 1000) * 1000;
    double offset = (startMillis - headerSecond) / 1000.0;
    List<byte[]> tals = tals(records, recordSeconds, offset, annotations);
    int talSamples = 0;
    for (byte[] t : tals) {
      talSamples = Math.max(talSamples, (t.length + 1) / 2);
    }

    ZonedDateTime start = Instant.ofEpochMilli(headerSecond).atZone(ZoneOffset.UTC);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, "0", 8);
    field(out, patient == null || patient.isBlank() ? "X X X X" : patient, 80);
    field(out, "Startdate " + start.format(PLUS_DATE).toUpperCase(Locale.ROOT) + " X X X " + recordingId, 80);
    field(out, start.format(DATE), 8);
    field(out, start.format(TIME), 8);
    field(out, Integer.toString(256 * (ns + 1)), 8);
    field(out, "EDF+C", 44);
    field(out, Integer.toString(records), 8);
    field(out, number(recordSeconds, RoundingMode.HALF_UP), 8);
    field(out, Integer.toString(ns), 4);
    double[] pmin = new double[channels.size()];
    double[] pmax = new double[channels.size()];
    for (int c = 0; c < channels.size(); c++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : channels.get(c).samples()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (!(hi > lo)) { // constant or empty: any non-empty range
        lo = Double.isFinite(lo) ? lo - 1 : -1;
        hi = lo + 2;
      }
      pmin[c] = Double.parseDouble(number(lo, RoundingMode.FLOOR));
      pmax[c] = Double.parseDouble(number(hi, RoundingMode.CEILING));
    }
    for (Channel c : channels) {
      field(out, c.label(), 16);
    }
    field(out, "EDF Annotations", 16);
    for (int i = 0; i < ns; i++) {
      field(out, "", 80); // transducer
    }
    for (Channel c : channels) {
      field(out, c.unit(), 8);
    }
    field(out, "", 8);
    perSignal(out, pmin, "-1");
    perSignal(out, pmax, "1");
    for (int i = 0; i < ns; i++) {
      field(out, "-32768", 8);
    }
    for (int i = 0; i < ns; i++) {
      field(out, "32767", 8);
    }
    for (int i = 0; i < ns; i++) {
      field(out, "", 80); // prefiltering
    }
    for (int n : perRecord) {
      field(out, Integer.toString(n), 8);
    }
    field(out, Integer.toString(talSamples), 8);
    for (int i = 0; i < ns; i++) {
      field(out, "", 32);
    }
    for (int r = 0; r < records; r++) {
      for (int c = 0; c < channels.size(); c++) {
        double[] s = channels.get(c).samples();
        for (int k = 0; k < perRecord[c]; k++) {
          int i = r * perRecord[c] + k;
          double v = i < s.length ? s[i] : s[s.length - 1]; // the last record is padded with the last sample
          long d = Math.round((v - pmin[c]) / (pmax[c] - pmin[c]) * 65535.0 - 32768);
          int digital = (int) Math.max(-32768, Math.min(32767, d));
          out.write(digital & 0xFF);
          out.write((digital >> 8) & 0xFF);
        }
      }
      byte[] tal = tals.get(r);
      out.write(tal);
      out.write(new byte[2 * talSamples - tal.length]);
    }
    Files.write(file, out.toByteArray());
  }

  /** Per record: its time-keeping TAL, then the annotations whose onset falls in it. */
  private static List<byte[]> tals(int records, double recordSeconds, double offset,
      List<EdfReader.Annotation> annotations) {
    List<StringBuilder> perRecord = new ArrayList<>();
    for (int r = 0; r < records; r++) {
      perRecord.add(new StringBuilder(onset(offset + r * recordSeconds)).append("\u0014\u0014\0"));
    }
    for (EdfReader.Annotation a : annotations) {
      int r = (int) Math.max(0, Math.min(records - 1, Math.floor(a.onset() / recordSeconds)));
      StringBuilder tal = perRecord.get(r).append(onset(offset + a.onset()));
      if (!Double.isNaN(a.duration())) {
        tal.append('\u0015').append(number(a.duration(), RoundingMode.HALF_UP, 6));
      }
      tal.append('\u0014').append(a.text()).append("\u0014\0");
    }
    return perRecord.stream().map(s -> s.toString().getBytes(StandardCharsets.UTF_8)).toList();
  }

  private static String onset(double seconds) {
    String s = number(seconds, RoundingMode.HALF_UP, 6);
    return s.startsWith("-") ? s : "+" + s;
  }

  private static void perSignal(ByteArrayOutputStream out, double[] values, String annotationValue) {
    for (double v : values) {
      field(out, EdfReader.fmt(v), 8);
    }
    field(out, annotationValue, 8);
  }

  /** The longest decimal form of {@code v} that fits 8 characters, rounded in {@code mode}. */
  private static String number(double v, RoundingMode mode) {
    for (int scale = 6; scale >= 0; scale--) {
      String s = number(v, mode, scale);
      if (s.length() <= 8) {
        return s;
      }
    }
    throw new IllegalArgumentException(v + " does not fit the 8 characters of an EDF header number");
  }

  private static String number(double v, RoundingMode mode, int scale) {
    BigDecimal d = new BigDecimal(v).setScale(scale, mode).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** An ASCII header field, left-aligned and space-padded. */
  private static void field(ByteArrayOutputStream out, String value, int width) {
    String v = value.length() > width ? value.substring(0, width) : value;
    for (char ch : v.toCharArray()) {
      if (ch < 32 || ch > 126) {
        throw new IllegalArgumentException("EDF header fields are printable ASCII: '" + value + "'");
      }
    }
    byte[] bytes = v.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
    for (int i = bytes.length; i < width; i++) {
      out.write(' ');
    }
  }
}
