package io.streamlearn.traffic.eeg;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The ASCII header fields of an EDF file, read in order, each by its name and byte position, so a
 * problem is reported where it is: a file cut inside the header, a number that is not one. EDF
 * allows printable ASCII only; other bytes are read as '?' with a warning per field.
 */
final class EdfHeader {

  /** Widths of the per-signal fields, in header order. */
  private static final String[] SIGNAL_FIELDS = {"label", "transducer type", "physical dimension", "physical minimum",
      "physical maximum", "digital minimum", "digital maximum", "prefiltering", "number of samples in each data record",
      "reserved"};
  private static final int[] SIGNAL_WIDTHS = {16, 80, 8, 8, 8, 8, 8, 80, 8, 32};

  private final byte[] b;
  private final String source;
  private final List<String> warnings;
  private int p;
  private int signals;

  EdfHeader(byte[] bytes, String source, List<String> warnings) {
    this.b = bytes;
    this.source = source;
    this.warnings = warnings;
  }

  /** The whole header must be there before the per-signal fields are read. */
  void requireHeader(int headerBytes, int ns) throws IOException {
    signals = ns;
    if (b.length < headerBytes) {
      int at = b.length;
      throw new IOException(source + ": truncated inside the header: the file ends at byte " + at + ", in "
          + placeOf(at) + ", but the header of " + ns + " signals has " + headerBytes + " bytes");
    }
  }

  /** "field 'label' of signal 3" for a byte position inside the per-signal header. */
  private String placeOf(int at) {
    if (at < 256) {
      return "the fixed header";
    }
    int offset = 256;
    for (int f = 0; f < SIGNAL_FIELDS.length; f++) {
      int width = SIGNAL_WIDTHS[f] * signals;
      if (at < offset + width) {
        return "field '" + SIGNAL_FIELDS[f] + "' of signal " + ((at - offset) / SIGNAL_WIDTHS[f] + 1);
      }
      offset += width;
    }
    return "the data records";
  }

  /** Byte position of {@code field} of signal {@code i} (from 0). */
  int signalFieldStart(int i, String field) {
    int offset = 256;
    for (int f = 0; f < SIGNAL_FIELDS.length; f++) {
      if (SIGNAL_FIELDS[f].equals(field)) {
        return offset + i * SIGNAL_WIDTHS[f];
      }
      offset += SIGNAL_WIDTHS[f] * signals;
    }
    throw new IllegalArgumentException(field);
  }

  IOException error(int at, String field, String problem) {
    return new IOException(source + ": header byte " + at + " (" + field + "): " + problem);
  }

  /** The bytes of a field as they are, for messages. */
  String raw(int at, int len) {
    StringBuilder s = new StringBuilder();
    for (int i = at; i < Math.min(b.length, at + len); i++) {
      s.append(b[i] >= 32 && b[i] < 127 ? (char) b[i] : '?');
    }
    return s.toString().trim();
  }

  String text(int len, String field) throws IOException {
    if (p + len > b.length) {
      throw new IOException(source + ": truncated inside the header: the file ends at byte " + b.length
          + ", in field '" + field + "' (bytes " + p + "-" + (p + len - 1) + ")" + (b.length < 256
              ? "; an EDF header has at least 256 bytes: is this an EDF file?" : ""));
    }
    StringBuilder s = new StringBuilder(len);
    int firstBad = -1;
    for (int i = p; i < p + len; i++) {
      int c = b[i] & 0xFF;
      if (c < 32 || c > 126) {
        if (firstBad < 0) {
          firstBad = i;
        }
        s.append('?');
      } else {
        s.append((char) c);
      }
    }
    if (firstBad >= 0) {
      warnings.add(String.format(Locale.ROOT, "%s: header byte %d (%s): non-ASCII byte 0x%02X (EDF allows printable"
          + " ASCII only), read as '?'", source, firstBad, field, b[firstBad] & 0xFF));
    }
    p += len;
    return s.toString().trim();
  }

  int integer(int len, String field) throws IOException {
    int at = p;
    String s = text(len, field);
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw error(at, field, "'" + s + "' is not an integer");
    }
  }

  double number(int len, String field) throws IOException {
    int at = p;
    String s = text(len, field);
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(at, field, "'" + s + "' is not a number");
    }
  }

  String[] texts(int count, int len, String field) throws IOException {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = text(len, field + " of signal " + (i + 1));
    }
    return out;
  }

  double[] numbers(int count, int len, String field) throws IOException {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = number(len, field + " of signal " + (i + 1));
    }
    return out;
  }

  int[] integers(int count, int len, String field) throws IOException {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = integer(len, field + " of signal " + (i + 1));
    }
    return out;
  }

  /** The header's dd.mm.yy hh.mm.ss as UTC epoch millis, -1 if unreadable. */
  static long startMillis(String date, String time) {
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
}
