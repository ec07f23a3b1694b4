package io.streamlearn.models.eeg;

import io.streamlearn.models.eeg.EegMonitor.AlertEvent;
import io.streamlearn.models.eeg.EegMonitor.Kind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Artifacts as events: a run of artifact samples ({@link ChannelNormalizer}), on any channels, with
 * gaps shorter than {@code gapSamples} bridged, becomes one {@link Kind#ARTIFACT} event once it is
 * over, with its start, end, largest deviation (in running standard deviations) and channels. Short
 * and huge, so a reader can tell them from sustained anomalies (the score's episodes).
 */
final class ArtifactEvents {
  private final long gapSamples;
  private final boolean[] involved;
  private boolean open;
  private long start;
  private long lastMillis; // end of the last artifact sample
  private long quiet; // samples since the last artifact sample
  private double peak;

  ArtifactEvents(int channels, long gapSamples) {
    this.gapSamples = Math.max(1, gapSamples);
    this.involved = new boolean[channels];
  }

  /** Takes one sample starting at {@code millis} and ending at {@code endMillis}; adds the event that ends with it. */
  void update(boolean[] artifact, double[] deviation, long millis, long endMillis, List<AlertEvent> events) {
    boolean any = false;
    for (int c = 0; c < artifact.length; c++) {
      if (artifact[c]) {
        if (!any && !open) {
          open = true;
          start = millis;
          peak = 0;
          Arrays.fill(involved, false);
        }
        any = true;
        involved[c] = true;
        peak = Math.max(peak, deviation[c]);
      }
    }
    if (any) {
      quiet = 0;
      lastMillis = endMillis;
    } else if (open && ++quiet >= gapSamples) {
      open = false;
      int n = 0;
      for (boolean b : involved) {
        n += b ? 1 : 0;
      }
      int[] ch = new int[n];
      for (int c = 0, k = 0; c < involved.length; c++) {
        if (involved[c]) {
          ch[k++] = c;
        }
      }
      events.add(new AlertEvent(Kind.ARTIFACT, start, lastMillis, peak, ch));
    }
  }

  void writeState(DataOutput out) throws IOException {
    out.writeBoolean(open);
    out.writeLong(start);
    out.writeLong(lastMillis);
    out.writeLong(quiet);
    out.writeDouble(peak);
    for (boolean b : involved) {
      out.writeBoolean(b);
    }
  }

  void readState(DataInput in) throws IOException {
    open = in.readBoolean();
    start = in.readLong();
    lastMillis = in.readLong();
    quiet = in.readLong();
    peak = in.readDouble();
    for (int c = 0; c < involved.length; c++) {
      involved[c] = in.readBoolean();
    }
  }
}
