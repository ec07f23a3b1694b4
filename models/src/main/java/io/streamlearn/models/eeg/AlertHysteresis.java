package io.streamlearn.models.eeg;

import io.streamlearn.models.eeg.EegMonitor.AlertEvent;
import io.streamlearn.models.eeg.EegMonitor.Kind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Alerts from the score, one per episode: RAISED once the score has stayed ≥ the raise threshold
 * for the minimum duration (event time), ENDED at the first block whose score is below the release
 * threshold. Two thresholds, so a score hovering around one of them does not flap. The events carry
 * the episode's start, peak score and the channels whose own z reached the raise threshold.
 */
final class AlertHysteresis {
  /** Serialised by ordinal. */
  private enum Phase { IDLE, PENDING, RAISED }

  private final double raiseThreshold;
  private final double releaseThreshold;
  private final long minDurationMillis;
  private Phase phase = Phase.IDLE;
  private long start;
  private double peak;
  private final boolean[] involved;

  AlertHysteresis(int channels, double raiseThreshold, double releaseThreshold, long minDurationMillis) {
    this.raiseThreshold = raiseThreshold;
    this.releaseThreshold = releaseThreshold;
    this.minDurationMillis = minDurationMillis;
    this.involved = new boolean[channels];
  }

  /** Takes the score of the block [blockStart, blockEnd) and adds the transitions it causes to {@code events}. */
  void update(double score, double[] channelZ, long blockStart, long blockEnd, List<AlertEvent> events) {
    switch (phase) {
      case IDLE -> {
        if (score >= raiseThreshold) {
          phase = Phase.PENDING;
          start = blockStart;
          peak = score;
          Arrays.fill(involved, false);
          markChannels(channelZ);
          raiseIfHeld(blockEnd, events);
        }
      }
      case PENDING -> {
        if (score >= raiseThreshold) {
          peak = Math.max(peak, score);
          markChannels(channelZ);
          raiseIfHeld(blockEnd, events);
        } else {
          phase = Phase.IDLE; // not held long enough: no alert
        }
      }
      case RAISED -> {
        if (score < releaseThreshold) {
          phase = Phase.IDLE;
          events.add(new AlertEvent(Kind.ENDED, start, blockStart, peak, channelsInvolved()));
        } else {
          peak = Math.max(peak, score);
          markChannels(channelZ);
        }
      }
    }
  }

  private void raiseIfHeld(long blockEnd, List<AlertEvent> events) {
    if (blockEnd - start >= minDurationMillis) {
      phase = Phase.RAISED;
      events.add(new AlertEvent(Kind.RAISED, start, -1, peak, channelsInvolved()));
    }
  }

  private void markChannels(double[] channelZ) {
    for (int ch = 0; ch < involved.length; ch++) {
      if (channelZ[ch] >= raiseThreshold) {
        involved[ch] = true;
      }
    }
  }

  private int[] channelsInvolved() {
    int count = 0;
    for (boolean b : involved) {
      count += b ? 1 : 0;
    }
    int[] out = new int[count];
    int k = 0;
    for (int ch = 0; ch < involved.length; ch++) {
      if (involved[ch]) {
        out[k++] = ch;
      }
    }
    return out;
  }

  void writeState(DataOutput out) throws IOException {
    out.writeInt(phase.ordinal());
    out.writeLong(start);
    out.writeDouble(peak);
    for (boolean b : involved) {
      out.writeBoolean(b);
    }
  }

  void readState(DataInput in) throws IOException {
    int p = in.readInt();
    if (p < 0 || p >= Phase.values().length) {
      throw new IOException("unknown alert phase " + p + " in snapshot");
    }
    phase = Phase.values()[p];
    start = in.readLong();
    peak = in.readDouble();
    for (int ch = 0; ch < involved.length; ch++) {
      involved[ch] = in.readBoolean();
    }
  }
}
