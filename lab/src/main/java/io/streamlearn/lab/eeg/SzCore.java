package io.streamlearn.lab.eeg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Event-based scoring of seizure detection as SzCORE defines it (Dan et al. 2024; the timescoring
 * library's {@code EventScoring}), on intervals in seconds from the recording's start:
 *
 * <ol>
 *   <li>reference and hypothesis events closer than {@code minDurationBetweenEvents} (90 s) are merged;
 *   <li>events longer than {@code maxEventDuration} (5 min) are split into pieces of that length;
 *   <li>a reference event is detected (a true positive) when the hypotheses overlap it, extended by
 *       {@code toleranceStart} (30 s) before and {@code toleranceEnd} (60 s) after and clipped to the
 *       recording, by more than {@code minOverlap} (0: any overlap) of its extended length;
 *   <li>a hypothesis event is a false positive when any part of it lies outside the extended windows
 *       of the detected reference events;
 *   <li>sensitivity = TP / reference events, precision = TP / (TP + FP), F1 their harmonic mean (NaN
 *       when either is undefined, 0 when both are 0), false positives per 24 h of recording.
 * </ol>
 *
 * Exact intervals instead of timescoring's sample masks: the same counts except for events shorter
 * than one mask sample; a zero-length hypothesis is a false positive when its instant is outside
 * the detected windows. The detection delay (not part of SzCORE) of a detected event is the time from
 * its onset to the earliest raise of an alert overlapping its extended window; it is negative when
 * the alert came within the pre-onset tolerance.
 */
public final class SzCore {

  /** SzCORE's parameters, in seconds; {@link #DEFAULT} are its published defaults. */
  public record Params(double toleranceStart, double toleranceEnd, double minOverlap, double maxEventDuration,
      double minDurationBetweenEvents) {
    public static final Params DEFAULT = new Params(30, 60, 0, 300, 90);
  }

  /** An event from {@code start} to {@code end}; for an alert, {@code raisedAt} is when it was published. */
  public record Event(double start, double end, double raisedAt) {
    public Event(double start, double end) {
      this(start, end, start);
    }
  }

  /** The scores; {@code delays} per detected reference event, in seconds. */
  public record Score(int referenceEvents, int hypothesisEvents, int truePositives, int falsePositives,
      double sensitivity, double precision, double f1, double falsePositivesPer24h, List<Double> delays) {}

  private SzCore() {}

  public static Score score(List<Event> reference, List<Event> hypothesis, double durationSeconds, Params p) {
    List<Event> ref = split(merge(clip(reference, durationSeconds), p.minDurationBetweenEvents()), p.maxEventDuration());
    List<Event> hyp = split(merge(clip(hypothesis, durationSeconds), p.minDurationBetweenEvents()), p.maxEventDuration());
    int tp = 0;
    List<Event> detectedWindows = new ArrayList<>();
    List<Double> delays = new ArrayList<>();
    for (Event e : ref) {
      Event window = new Event(Math.max(0, e.start() - p.toleranceStart()), Math.min(durationSeconds, e.end() + p.toleranceEnd()));
      double length = window.end() - window.start();
      if (length <= 0) {
        continue;
      }
      double overlap = 0;
      double firstRaise = Double.POSITIVE_INFINITY;
      for (Event h : hyp) {
        double o = Math.min(h.end(), window.end()) - Math.max(h.start(), window.start());
        if (o > 0) {
          overlap += o;
          firstRaise = Math.min(firstRaise, h.raisedAt());
        }
      }
      if (overlap / length > p.minOverlap() + 1e-6) {
        tp++;
        detectedWindows.add(window);
        delays.add(firstRaise - e.start());
      }
    }
    List<Event> covered = merge(detectedWindows, 0);
    int fp = 0;
    for (Event h : hyp) {
      if (!inside(h, covered)) {
        fp++;
      }
    }
    double sensitivity = ref.isEmpty() ? Double.NaN : (double) tp / ref.size();
    double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    double f1 = Double.isNaN(sensitivity) || Double.isNaN(precision) ? Double.NaN
        : sensitivity + precision == 0 ? 0 : 2 * sensitivity * precision / (sensitivity + precision);
    double days = durationSeconds / 86_400;
    return new Score(ref.size(), hyp.size(), tp, fp, sensitivity, precision, f1, days > 0 ? fp / days : Double.NaN,
        delays);
  }

  /** Whether {@code h} lies wholly inside the union of the sorted, disjoint {@code windows}. */
  private static boolean inside(Event h, List<Event> windows) {
    for (Event w : windows) {
      if (w.start() <= h.start() && h.end() <= w.end()) {
        return true;
      }
    }
    return false;
  }

  private static List<Event> clip(List<Event> events, double duration) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      double s = Math.max(0, e.start());
      double t = Math.min(duration, e.end());
      if (t >= s && s <= duration) {
        out.add(new Event(s, t, e.raisedAt()));
      }
    }
    out.sort(Comparator.comparingDouble(Event::start));
    return out;
  }

  /** Sorted events overlapping or closer than {@code gap} become one (the earliest raise kept). */
  private static List<Event> merge(List<Event> sorted, double gap) {
    List<Event> in = new ArrayList<>(sorted);
    in.sort(Comparator.comparingDouble(Event::start));
    List<Event> out = new ArrayList<>();
    for (Event e : in) {
      Event last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && (e.start() <= last.end() || e.start() - last.end() < gap)) {
        out.set(out.size() - 1, new Event(last.start(), Math.max(last.end(), e.end()), Math.min(last.raisedAt(), e.raisedAt())));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Event> split(List<Event> events, double max) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      double s = e.start();
      double raised = e.raisedAt();
      while (e.end() - s > max) {
        out.add(new Event(s, s + max, raised));
        s += max;
        raised = Math.max(raised, s);
      }
      out.add(new Event(s, e.end(), raised));
    }
    return out;
  }
}
