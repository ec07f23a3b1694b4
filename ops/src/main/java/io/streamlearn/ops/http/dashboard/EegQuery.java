package io.streamlearn.ops.http.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an EEG page asks of its socket, from the URL's query: the recording, the channels (indices
 * into the recording's channels, or into the bipolar pairs), the window, the screen width in
 * columns, the display filters (0 = off) and the montage. A value that cannot be used is a 400
 * with the reason.
 */
record EegQuery(String recording, List<Integer> channels, double windowSeconds, int columns, double highPassHz,
    double lowPassHz, double notchHz, boolean bipolar) {

  static final int MAX_COLUMNS = 4000;
  static final int MAX_CHANNELS = 64;
  private static final Set<String> KNOWN =
      Set.of("recording", "channels", "window", "columns", "hp", "lp", "notch", "montage");

  /** A query parameter that cannot be used; the message is the reason. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /**
   * @param defaultChannels channels shown when none are asked for (the first ones)
   * @param keepSeconds the longest window kept
   */
  static EegQuery parse(Map<String, String> q, int defaultChannels, double keepSeconds) throws Invalid {
    for (String name : q.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new Invalid("unknown query parameter '" + name + "': known are " + new java.util.TreeSet<>(KNOWN));
      }
    }
    String recording = q.getOrDefault("recording", "");
    List<Integer> channels = new ArrayList<>();
    String list = q.getOrDefault("channels", "");
    if (list.isBlank()) {
      for (int c = 0; c < defaultChannels; c++) {
        channels.add(c);
      }
    } else {
      for (String part : list.split(",")) {
        int c = integer("channels", part.trim());
        if (c < 0 || channels.size() >= MAX_CHANNELS) {
          throw new Invalid("channels must be up to " + MAX_CHANNELS + " indices from 0, comma-separated; got '"
              + list + "'");
        }
        channels.add(c);
      }
    }
    double window = number("window", q.getOrDefault("window", "10"));
    if (!(window > 0 && window <= keepSeconds)) {
      throw new Invalid("window must be more than 0 and at most " + keepSeconds + " seconds; got " + window);
    }
    int columns = integer("columns", q.getOrDefault("columns", "800"));
    if (columns < 10 || columns > MAX_COLUMNS) {
      throw new Invalid("columns must be 10 to " + MAX_COLUMNS + "; got " + columns);
    }
    double hp = filter("hp", q);
    double lp = filter("lp", q);
    double notch = filter("notch", q);
    String montage = q.getOrDefault("montage", "referential");
    if (!montage.equals("referential") && !montage.equals("bipolar")) {
      throw new Invalid("montage must be referential or bipolar; got '" + montage + "'");
    }
    return new EegQuery(recording, List.copyOf(channels), window, columns, hp, lp, notch, montage.equals("bipolar"));
  }

  /** Why a filter of this query cannot run at {@code sampleRate}, if one cannot. */
  String unrealisable(double sampleRate) {
    for (double hz : new double[] {highPassHz, lowPassHz, notchHz}) {
      if (hz != 0 && !DisplayFilter.realisable(hz, sampleRate)) {
        return "a " + hz + " Hz filter cannot run at " + sampleRate + " Hz: give less than " + sampleRate / 2
            + " Hz (half the sample rate), or 0 for off";
      }
    }
    return null;
  }

  private static double filter(String name, Map<String, String> q) throws Invalid {
    double hz = number(name, q.getOrDefault(name, "0"));
    if (hz < 0) {
      throw new Invalid(name + " must be 0 (off) or a frequency in Hz; got " + hz);
    }
    return hz;
  }

  private static double number(String name, String text) throws Invalid {
    try {
      double v = Double.parseDouble(text);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Invalid(name + " must be a number; got '" + text + "'");
    }
  }

  private static int integer(String name, String text) throws Invalid {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new Invalid(name + " must be a whole number; got '" + text + "'");
    }
  }
}
