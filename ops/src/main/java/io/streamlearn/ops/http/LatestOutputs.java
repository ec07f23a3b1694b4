package io.streamlearn.ops.http;

import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.EegAlert;
import io.streamlearn.schemas.EegEventType;
import io.streamlearn.schemas.EegPrediction;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The read model behind the decision API: the latest committed decision per campaign and, per
 * recording, the latest score and alert state. One thread applies records; any number of request
 * threads read. Values are immutable and replaced whole, so a reader never sees half an update.
 */
public final class LatestOutputs {

  /** The topics this model is built from. */
  public static final List<String> TOPICS = List.of(AdsDomain.DECISIONS, EegDomain.PREDICTIONS, EegDomain.ALERTS);

  /**
   * A campaign's latest decision: the value bytes exactly as committed, decoded, as the API's JSON
   * (written once here rather than on every lookup), and the record's timestamp (its event time).
   */
  public record Decision(byte[] bytes, AdDecision decision, String json, long timestamp) {}

  /**
   * A recording's latest state.
   *
   * @param score anomaly score of the latest prediction (NaN while warming up or before any)
   * @param lastBlockTime event time of the latest predicted block, or null before any
   * @param openEpisode the episode that opened and has not ended, or null
   */
  public record Recording(double score, Long lastBlockTime, EegAlert openEpisode) {}

  private final ConcurrentMap<String, Decision> decisions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Recording> recordings = new ConcurrentHashMap<>();

  /**
   * Applies one committed record of {@link #TOPICS}; records of one key come in offset order.
   *
   * @throws RuntimeException when the value does not decode
   */
  void apply(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    switch (record.topic()) {
      case AdsDomain.DECISIONS -> {
        AdDecision decision = AdsDomain.DECISION_CODEC.decode(record.value());
        decisions.put(key, new Decision(record.value(), decision, Json.write(AvroJson.of(decision)), record.timestamp()));
      }
      case EegDomain.PREDICTIONS -> {
        EegPrediction prediction = EegDomain.PREDICTION_CODEC.decode(record.value());
        recordings.compute(key, (k, old) -> new Recording(prediction.getAnomalyScore(),
            prediction.getEventTime().toEpochMilli(), old == null ? null : old.openEpisode()));
      }
      case EegDomain.ALERTS -> {
        EegAlert alert = EegDomain.ALERT_CODEC.decode(record.value());
        if (alert.getEventType() != EegEventType.episode) {
          // An artifact is over when published; it does not change whether an episode is open.
          recordings.putIfAbsent(key, new Recording(Double.NaN, null, null));
          return;
        }
        EegAlert open = alert.getEndTime() == null ? alert : null;
        recordings.compute(key, (k, old) -> old == null
            ? new Recording(Double.NaN, null, open)
            : new Recording(old.score(), old.lastBlockTime(), open));
      }
      default -> { }
    }
  }

  public Optional<Decision> decision(String campaignId) {
    return Optional.ofNullable(decisions.get(campaignId));
  }

  /** Every campaign's latest decision, by campaign id. */
  public List<Decision> decisions() {
    List<Decision> all = new ArrayList<>(decisions.values());
    all.sort((a, b) -> a.decision().getCampaignId().compareTo(b.decision().getCampaignId()));
    return all;
  }

  public Optional<Recording> recording(String recordingId) {
    return Optional.ofNullable(recordings.get(recordingId));
  }
}
