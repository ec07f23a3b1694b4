package io.streamlearn.streams.eeg;

import com.typesafe.config.Config;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.eeg.EegEvent;
import io.streamlearn.actors.eeg.EegOutput;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegEventType;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The eeg slice: blocks of multichannel samples per recording in, a prediction per block and anomaly
 * alerts out. Decoding checks what a block shows on its own (finite samples, one label, unit and
 * equally long sample array per channel); whether it continues its recording is the entity's check.
 */
public final class EegDomain implements Domain<EegEvent, EegOutput> {

  public static final String NAME = "eeg";
  public static final String SAMPLES = "eeg.samples";
  public static final String PREDICTIONS = "eeg.predictions";
  public static final String ALERTS = "eeg.alerts";
  public static final String DEAD_LETTERS = NAME + ".dlq";
  public static final String SNAPSHOTS = NAME + ".snapshots";

  public static final SingleObjectCodec<EegSampleBlock> SAMPLES_CODEC = SingleObjectCodec.of(EegSampleBlock.getClassSchema());
  public static final SingleObjectCodec<EegPrediction> PREDICTION_CODEC = SingleObjectCodec.of(EegPrediction.getClassSchema());
  public static final SingleObjectCodec<EegAlert> ALERT_CODEC = SingleObjectCodec.of(EegAlert.getClassSchema());

  private final EntityLogic.Factory<EegEvent, EegOutput> recordings;

  public EegDomain(EntityLogic.Factory<EegEvent, EegOutput> recordings) {
    this.recordings = recordings;
  }

  /**
   * The domain as {@code streamlearn.eeg} configures it: every recording gets the configured model.
   *
   * @throws IllegalArgumentException naming the key and the fix, for a model that cannot be built
   */
  public static EegDomain fromConfig(Config eeg) {
    try {
      EegSettings settings = EegSettings.fromConfig(eeg);
      // Fail at start, with the fix, rather than on a recording's first block.
      new EegMonitor(settings.monitorConfig("configuration-check", 1, 256));
      return new EegDomain(settings.recordings());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("streamlearn.eeg: " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> inputTopics() {
    return List.of(SAMPLES);
  }

  @Override
  public List<String> outputTopics() {
    return List.of(PREDICTIONS, ALERTS);
  }

  @Override
  public EntityLogic.Factory<EegEvent, EegOutput> entities() {
    return recordings;
  }

  @Override
  public Decoded<EegEvent> decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return Decoded.invalid("record has no key (expected the recording id)");
    }
    if (!record.topic().equals(SAMPLES)) {
      return Decoded.invalid("not an input topic of the eeg domain: " + record.topic());
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    EegSampleBlock block;
    try {
      block = SAMPLES_CODEC.decode(record.value());
    } catch (SingleObjectCodec.DecodeException e) {
      return Decoded.undecodable(e.getMessage());
    }
    if (!key.equals(block.getRecordingId())) {
      return Decoded.invalid("key '" + key + "' differs from recording_id '" + block.getRecordingId() + "'");
    }
    double rate = block.getSampleRateHz();
    if (!Double.isFinite(rate) || rate <= 0) {
      return Decoded.invalid("sample_rate_hz is " + rate + ", expected a finite rate > 0");
    }
    List<String> labels = block.getChannelLabels();
    List<String> units = block.getUnits();
    List<List<Float>> samples = block.getSamples();
    if (labels.isEmpty()) {
      return Decoded.invalid("empty block: no channels");
    }
    if (samples.size() != labels.size() || units.size() != labels.size()) {
      return Decoded.invalid(labels.size() + " channel labels, " + units.size() + " units and " + samples.size()
          + " sample arrays: expected one of each per channel");
    }
    int count = samples.get(0).size();
    if (count == 0) {
      return Decoded.invalid("empty block: no samples");
    }
    double[][] values = new double[samples.size()][];
    for (int c = 0; c < values.length; c++) {
      List<Float> channel = samples.get(c);
      if (channel.size() != count) {
        return Decoded.invalid("ragged block: channel " + c + " (" + labels.get(c) + ") has " + channel.size()
            + " samples, channel 0 has " + count);
      }
      double[] v = new double[count];
      for (int i = 0; i < count; i++) {
        float x = channel.get(i);
        if (!Float.isFinite(x)) {
          return Decoded.invalid("samples[" + c + "][" + i + "] (" + labels.get(c) + ") is " + x + ", expected a finite value");
        }
        v[i] = x;
      }
      values[c] = v;
    }
    long time = block.getEventTime().toEpochMilli();
    return Decoded.valid(key, new EegEvent(key, time, rate, labels, units, values), time);
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> encode(EegOutput output) {
    byte[] key = output.recordingId().getBytes(StandardCharsets.UTF_8);
    // Timestamped with event time, so outputs are the same bytes on every run.
    if (output instanceof EegOutput.Prediction p) {
      EegPrediction record = EegPrediction.newBuilder()
          .setRecordingId(p.recordingId())
          .setEventTime(Instant.ofEpochMilli(p.startMillis()))
          .setForecastTime(Instant.ofEpochMilli(p.forecastMillis()))
          .setForecast(floats(p.forecast()))
          .setChannelError(floats(p.channelError()))
          .setAnomalyScore(p.anomalyScore())
          .setHorizons(java.util.Arrays.stream(p.horizons()).boxed().toList())
          .setHorizonForecasts(nested(p.horizonForecasts()))
          .setModelError(nested(p.errors()[0]))
          .setArError(nested(p.errors()[1]))
          .setPersistenceError(nested(p.errors()[2]))
          .setArtifactSamples(java.util.Arrays.stream(p.artifactSamples()).boxed().toList())
          .build();
      return List.of(new ProducerRecord<>(PREDICTIONS, null, p.startMillis(), key, PREDICTION_CODEC.encode(record)));
    }
    EegOutput.Alert a = (EegOutput.Alert) output;
    EegAlert record = EegAlert.newBuilder()
        .setRecordingId(a.recordingId())
        .setStartTime(Instant.ofEpochMilli(a.startMillis()))
        .setEndTime(a.endMillis() == null ? null : Instant.ofEpochMilli(a.endMillis()))
        .setPeakScore(a.peakScore())
        .setChannels(List.copyOf(a.channels()))
        .setEventType(a.artifact() ? EegEventType.artifact : EegEventType.episode)
        .build();
    return List.of(new ProducerRecord<>(ALERTS, null, a.decidedAtMillis(), key, ALERT_CODEC.encode(record)));
  }

  private static List<List<Float>> nested(double[][] values) {
    List<List<Float>> out = new ArrayList<>(values.length);
    for (double[] v : values) {
      out.add(floats(v));
    }
    return out;
  }

  private static List<Float> floats(double[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add((float) v);
    }
    return out;
  }
}
