package io.streamlearn.actors.eeg;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.eeg.EegMonitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One EEG recording: feeds its blocks to the recording's own {@link EegMonitor}, created on the first
 * block with that block's montage (channel labels, units, sample rate), and publishes a prediction
 * per block plus an alert when an anomaly episode opens and when it ends.
 *
 * <p>A block that does not continue the recording is rejected and leaves the model untouched: a
 * different montage or sample rate than the first block's ({@code validation}), or a start before the
 * end of the previous block ({@code late}: the model forecasts sample after sample, so blocks must
 * come in time order and must not overlap; half a sample of slack absorbs millisecond rounding of the
 * block times). A gap (lost samples) is accepted: the model carries on across it.
 */
public final class RecordingLogic implements EntityLogic<EegEvent, EegOutput> {

  /**
   * 3: forecasts at several horizons, the AR baseline inside the model, artifact flags (2: the
   * reservoir's state holds each neuron's bias).
   */
  private static final int STATE_VERSION = 3;

  private final String recordingId;
  private final EegSettings settings;

  private EegMonitor monitor;
  private double sampleRateHz;
  private List<String> channelLabels;
  private List<String> units;
  /** Event time of the sample after the previous block's last one; fractional, so rounding never accumulates. */
  private double nextSampleMillis;

  public RecordingLogic(String recordingId, EegSettings settings) {
    this.recordingId = recordingId;
    this.settings = settings;
  }

  @Override
  public EntityResult<EegOutput> handle(EegEvent block) {
    if (monitor == null) {
      sampleRateHz = block.sampleRateHz();
      channelLabels = block.channelLabels();
      units = block.units();
      monitor = new EegMonitor(settings.monitorConfig(recordingId, channelLabels.size(), sampleRateHz));
    } else {
      String mismatch = mismatch(block);
      if (mismatch != null) {
        return EntityResult.reject("validation", mismatch);
      }
      double halfSampleMillis = 500 / sampleRateHz;
      if (block.startMillis() < nextSampleMillis - halfSampleMillis) {
        return EntityResult.reject("late", "block starts at " + block.startMillis() + ", before the end of the"
            + " recording's previous block at " + Math.round(nextSampleMillis) + ": blocks of a recording must"
            + " follow each other in time without overlap");
      }
    }
    EegMonitor.BlockResult result = monitor.process(block.samples(), sampleRateHz, block.startMillis());
    nextSampleMillis = block.startMillis() + block.sampleCount() * 1000.0 / sampleRateHz;
    List<EegOutput> outputs = new ArrayList<>(1 + result.events().size());
    outputs.add(new EegOutput.Prediction(recordingId, result.startMillis(), result.endMillis(), result.forecast(),
        result.channelError(), result.score(), result.horizons(), result.forecasts(), result.errors(),
        result.artifactSamples()));
    for (EegMonitor.AlertEvent event : result.events()) {
      Long end = event.kind() == EegMonitor.Kind.RAISED ? null : event.endMillis();
      outputs.add(new EegOutput.Alert(recordingId, event.startMillis(), end, event.peakScore(),
          labels(event.channels()), result.endMillis(), event.kind() == EegMonitor.Kind.ARTIFACT));
    }
    return EntityResult.emit(outputs);
  }

  private String mismatch(EegEvent block) {
    if (block.channelLabels().size() != channelLabels.size()) {
      return "block has " + block.channelLabels().size() + " channels " + block.channelLabels() + ", the recording has "
          + channelLabels.size() + " " + channelLabels;
    }
    if (!block.channelLabels().equals(channelLabels)) {
      return "channel labels " + block.channelLabels() + " differ from the recording's " + channelLabels;
    }
    if (!block.units().equals(units)) {
      return "units " + block.units() + " differ from the recording's " + units;
    }
    if (block.sampleRateHz() != sampleRateHz) {
      return "sample rate " + block.sampleRateHz() + " Hz differs from the recording's " + sampleRateHz + " Hz";
    }
    return null;
  }

  private List<String> labels(int[] channels) {
    List<String> out = new ArrayList<>(channels.length);
    for (int c : channels) {
      out.add(channelLabels.get(c));
    }
    return out;
  }

  @Override
  public int stateVersion() {
    return STATE_VERSION;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeBoolean(monitor != null);
    if (monitor == null) {
      return;
    }
    out.writeDouble(sampleRateHz);
    writeStrings(out, channelLabels);
    writeStrings(out, units);
    out.writeDouble(nextSampleMillis);
    monitor.writeState(out);
  }

  @Override
  public void readState(DataInput in, int version) throws IOException {
    if (version != STATE_VERSION) {
      throw new IOException("recording state version " + version + " is not readable by this version (" + STATE_VERSION
          + "): snapshots written before the forecast horizons and the AR baseline (version 2) cannot be restored;"
          + " replay the recording from its start, or drop its snapshot");
    }
    if (!in.readBoolean()) {
      monitor = null;
      return;
    }
    sampleRateHz = in.readDouble();
    channelLabels = readStrings(in);
    units = readStrings(in);
    nextSampleMillis = in.readDouble();
    monitor = new EegMonitor(settings.monitorConfig(recordingId, channelLabels.size(), sampleRateHz));
    monitor.readState(in);
  }

  private static void writeStrings(DataOutput out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  private static List<String> readStrings(DataInput in) throws IOException {
    int n = in.readInt();
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      strings.add(in.readUTF());
    }
    return List.copyOf(strings);
  }
}
