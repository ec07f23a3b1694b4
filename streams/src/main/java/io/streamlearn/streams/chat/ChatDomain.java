package io.streamlearn.streams.chat;

import com.typesafe.config.Config;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.chat.ChatOutput;
import io.streamlearn.actors.chat.ChatSettings;
import io.streamlearn.actors.chat.ChatEvent;
import io.streamlearn.schemas.ChatResponse;
import io.streamlearn.schemas.ChatTurn;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The chat slice: user turns per conversation in, one answer per turn out. Decoding checks what a
 * turn shows on its own (a number from 1, some text of bounded length); whether it continues its
 * conversation is the entity's check.
 */
public final class ChatDomain implements Domain<ChatEvent, ChatOutput> {

  public static final String NAME = "chat";
  public static final String TURNS = "chat.turns";
  public static final String RESPONSES = "chat.responses";
  public static final String DEAD_LETTERS = NAME + ".dlq";
  public static final String SNAPSHOTS = NAME + ".snapshots";

  /** Longest turn text taken: far beyond what the model reads (it truncates to its memory slots). */
  public static final int MAX_TEXT_CHARS = 4096;

  public static final SingleObjectCodec<ChatTurn> TURN_CODEC = SingleObjectCodec.of(ChatTurn.getClassSchema());
  public static final SingleObjectCodec<ChatResponse> RESPONSE_CODEC = SingleObjectCodec.of(ChatResponse.getClassSchema());

  private final EntityLogic.Factory<ChatEvent, ChatOutput> conversations;

  public ChatDomain(EntityLogic.Factory<ChatEvent, ChatOutput> conversations) {
    this.conversations = conversations;
  }

  /**
   * The domain as {@code streamlearn.chat} configures it: every conversation shares the configured
   * trained model and gets its own memory.
   *
   * @throws IllegalArgumentException naming the key and the fix, for a checkpoint that cannot be read
   */
  public static ChatDomain fromConfig(Config chat) {
    try {
      return new ChatDomain(ChatSettings.fromConfig(chat).conversations());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("streamlearn.chat: " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> inputTopics() {
    return List.of(TURNS);
  }

  @Override
  public List<String> outputTopics() {
    return List.of(RESPONSES);
  }

  @Override
  public EntityLogic.Factory<ChatEvent, ChatOutput> entities() {
    return conversations;
  }

  @Override
  public Decoded<ChatEvent> decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return Decoded.invalid("record has no key (expected the conversation id)");
    }
    if (!record.topic().equals(TURNS)) {
      return Decoded.invalid("not an input topic of the chat domain: " + record.topic());
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    ChatTurn turn;
    try {
      turn = TURN_CODEC.decode(record.value());
    } catch (SingleObjectCodec.DecodeException e) {
      return Decoded.undecodable(e.getMessage());
    }
    if (!key.equals(turn.getConversationId())) {
      return Decoded.invalid("key '" + key + "' differs from conversation_id '" + turn.getConversationId() + "'");
    }
    if (turn.getTurn() < 1) {
      return Decoded.invalid("turn is " + turn.getTurn() + ", expected a turn number from 1");
    }
    String text = turn.getText();
    if (text.isBlank()) {
      return Decoded.invalid("turn " + turn.getTurn() + " has no text");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      return Decoded.invalid("turn " + turn.getTurn() + " has " + text.length() + " characters, more than the "
          + MAX_TEXT_CHARS + " taken");
    }
    long time = turn.getEventTime().toEpochMilli();
    return Decoded.valid(key, new ChatEvent(key, time, turn.getTurn(), text), time);
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> encode(ChatOutput answer) {
    ChatResponse record = ChatResponse.newBuilder()
        .setConversationId(answer.conversationId())
        .setEventTime(Instant.ofEpochMilli(answer.eventMillis()))
        .setTurn(answer.turn())
        .setText(answer.text())
        .setRespondMicros(answer.respondMicros())
        .setMemoryUpdateMicros(answer.memoryUpdateMicros())
        .build();
    // Timestamped with the turn's event time, as every output: replays give the same timestamps.
    return List.of(new ProducerRecord<>(RESPONSES, null, answer.eventMillis(),
        answer.conversationId().getBytes(StandardCharsets.UTF_8), RESPONSE_CODEC.encode(record)));
  }
}
