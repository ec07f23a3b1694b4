package io.streamlearn.ops.http.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The channels a page can choose from: the recording's own (referential), or the differences of
 * configured label pairs (bipolar, e.g. the longitudinal "double banana" Fp1-F7, F7-T7, ...). Pairs
 * whose labels the recording lacks are left out; the old 10-20 names (T3, T4, T5, T6) match their
 * new ones (T7, T8, P7, P8).
 */
record Montage(List<String> names, int[] plus, int[] minus) {

  private static final Map<String, String> OLD_NAMES = Map.of("t3", "t7", "t4", "t8", "t5", "p7", "t6", "p8");

  static Montage referential(List<String> labels) {
    int[] own = new int[labels.size()];
    for (int i = 0; i < own.length; i++) {
      own[i] = i;
    }
    return new Montage(List.copyOf(labels), own, null);
  }

  /** @param pairs "A-B" label pairs */
  static Montage bipolar(List<String> labels, List<String> pairs) {
    List<String> names = new ArrayList<>();
    List<int[]> found = new ArrayList<>();
    for (String pair : pairs) {
      String[] ends = pair.split("-", 2);
      if (ends.length != 2) {
        continue;
      }
      int a = indexOf(labels, ends[0]);
      int b = indexOf(labels, ends[1]);
      if (a >= 0 && b >= 0) {
        names.add(labels.get(a) + "-" + labels.get(b));
        found.add(new int[] {a, b});
      }
    }
    int[] plus = found.stream().mapToInt(p -> p[0]).toArray();
    int[] minus = found.stream().mapToInt(p -> p[1]).toArray();
    return new Montage(List.copyOf(names), plus, minus);
  }

  /** Which of the recording's {@code channels} the montage channels {@code shown} are made of. */
  boolean[] needs(List<Integer> shown, int channels) {
    boolean[] needed = new boolean[channels];
    for (int i : shown) {
      if (i < size()) {
        needed[plus[i]] = true;
        if (minus != null) {
          needed[minus[i]] = true;
        }
      }
    }
    return needed;
  }

  int size() {
    return names.size();
  }

  /** Whether the source channels of montage channel {@code i} are among {@code samples} (not null). */
  boolean copied(int i, float[][] samples) {
    return plus[i] < samples.length && samples[plus[i]] != null
        && (minus == null || (minus[i] < samples.length && samples[minus[i]] != null));
  }

  /** Channel {@code i} of this montage over the channels' samples; null where a source was not copied. */
  float[] signal(int i, float[][] samples) {
    float[] a = plus[i] < samples.length ? samples[plus[i]] : null;
    if (minus == null || a == null) {
      return a == null ? null : a.clone();
    }
    float[] b = minus[i] < samples.length ? samples[minus[i]] : null;
    if (b == null) {
      return null;
    }
    float[] out = new float[a.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = a[k] - b[k];
    }
    return out;
  }

  /** A per-channel value (forecast) of montage channel {@code i}; NaN where the source has none. */
  double value(int i, float[] perChannel) {
    if (plus[i] >= perChannel.length || (minus != null && minus[i] >= perChannel.length)) {
      return Double.NaN;
    }
    return minus == null ? perChannel[plus[i]] : perChannel[plus[i]] - perChannel[minus[i]];
  }

  /** A per-channel RMS error of montage channel {@code i}: a pair's, as if its errors were independent. */
  double error(int i, float[] perChannel) {
    if (minus == null) {
      return value(i, perChannel);
    }
    if (plus[i] >= perChannel.length || minus[i] >= perChannel.length) {
      return Double.NaN;
    }
    double a = perChannel[plus[i]];
    double b = perChannel[minus[i]];
    return Math.sqrt(a * a + b * b);
  }

  private static int indexOf(List<String> labels, String wanted) {
    String w = normal(wanted);
    for (int i = 0; i < labels.size(); i++) {
      if (normal(labels.get(i)).equals(w)) {
        return i;
      }
    }
    return -1;
  }

  private static String normal(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT).replace("eeg ", "");
    return OLD_NAMES.getOrDefault(l, l);
  }
}
