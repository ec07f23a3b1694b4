package io.streamlearn.ops.http.dashboard;

import com.typesafe.config.Config;
import io.streamlearn.schemas.ChatTurn;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dashboard's read model, kept by the node's one committed-output tail: per recording its recent
 * signal, predictions and alerts; per campaign its recent decisions; per conversation its recent
 * turns. Bounded per entity by {@code streamlearn.dashboard}; pages read it, never Kafka.
 */
public final class LiveViews {

  /** Committed outputs the pages show. */
  public static final List<String> OUTPUT_TOPICS =
      List.of(EegDomain.PREDICTIONS, EegDomain.ALERTS, AdsDomain.DECISIONS, ChatDomain.RESPONSES);
  /** Inputs the pages show beside them (the signal under the forecast, the user's turn under the answer). */
  public static final List<String> INPUT_TOPICS = List.of(EegDomain.SAMPLES, ChatDomain.TURNS);

  private final DashboardSettings settings;
  private final ConcurrentMap<String, RecordingTrace> recordings = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CampaignHistory> campaigns = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConversationHistory> conversations = new ConcurrentHashMap<>();

  public LiveViews(DashboardSettings settings) {
    this.settings = settings;
  }

  public static LiveViews fromConfig(Config config) {
    return new LiveViews(DashboardSettings.fromConfig(config));
  }

  DashboardSettings settings() {
    return settings;
  }

  /**
   * Applies one committed record of {@link #OUTPUT_TOPICS} or {@link #INPUT_TOPICS}; others are ignored.
   *
   * @throws RuntimeException when the value does not decode
   */
  public void apply(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    switch (record.topic()) {
      case EegDomain.SAMPLES -> {
        // An input: malformed blocks are the pipeline's to dead-letter; the page just does not draw them.
        EegSampleBlock block = decodeInput(() -> EegDomain.SAMPLES_CODEC.decode(record.value()));
        if (block != null && RecordingTrace.drawable(block)) {
          recording(key).addBlock(block);
        }
      }
      case EegDomain.PREDICTIONS -> recording(key).addPrediction(EegDomain.PREDICTION_CODEC.decode(record.value()));
      case EegDomain.ALERTS -> recording(key).addAlert(EegDomain.ALERT_CODEC.decode(record.value()));
      case AdsDomain.DECISIONS -> campaigns.computeIfAbsent(key, k -> new CampaignHistory(settings.adsRounds()))
          .add(AdsDomain.DECISION_CODEC.decode(record.value()));
      case ChatDomain.TURNS -> {
        ChatTurn turn = decodeInput(() -> ChatDomain.TURN_CODEC.decode(record.value()));
        if (turn != null) {
          conversation(key).addTurn(turn);
        }
      }
      case ChatDomain.RESPONSES -> conversation(key).addResponse(ChatDomain.RESPONSE_CODEC.decode(record.value()));
      default -> { }
    }
  }

  private static <T> T decodeInput(Supplier<T> decode) {
    try {
      return decode.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private RecordingTrace recording(String id) {
    return recordings.computeIfAbsent(id, k -> new RecordingTrace(k, settings.eegKeepSeconds()));
  }

  private ConversationHistory conversation(String id) {
    return conversations.computeIfAbsent(id, k -> new ConversationHistory(settings.chatTurns()));
  }

  Optional<RecordingTrace> existingRecording(String id) {
    return Optional.ofNullable(recordings.get(id));
  }

  /** Recordings by id. */
  Map<String, RecordingTrace> recordings() {
    return new TreeMap<>(recordings);
  }

  Map<String, CampaignHistory> campaigns() {
    return new TreeMap<>(campaigns);
  }

  Map<String, ConversationHistory> conversations() {
    return new TreeMap<>(conversations);
  }
}
