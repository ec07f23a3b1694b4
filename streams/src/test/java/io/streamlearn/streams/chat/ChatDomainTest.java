package io.streamlearn.streams.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.chat.ChatOutput;
import io.streamlearn.actors.chat.ChatEvent;
import io.streamlearn.schemas.ChatResponse;
import io.streamlearn.schemas.ChatTurn;
import io.streamlearn.streams.Decoded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ChatDomainTest {

  private static final ChatDomain DOMAIN = new ChatDomain(id -> {
    throw new AssertionError("decoding and encoding create no entity");
  });
  private static final long T0 = 1_767_225_600_000L;

  private static Decoded<ChatEvent> decode(String topic, String key, byte[] value) {
    return DOMAIN.decode(new ConsumerRecord<>(topic, 0, 0L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  private static Decoded<ChatEvent> decode(String key, String conversationId, long turn, String text) {
    return decode(ChatDomain.TURNS, key,
        ChatDomain.TURN_CODEC.encode(new ChatTurn(conversationId, Instant.ofEpochMilli(T0), turn, text)));
  }

  private static void assertInvalid(Decoded<ChatEvent> decoded, String reason, String detail) {
    Decoded.Invalid<ChatEvent> invalid = assertInstanceOf(Decoded.Invalid.class, decoded);
    assertEquals(reason, invalid.reason());
    assertTrue(invalid.detail().contains(detail), invalid.detail());
  }

  @Test
  void aGoodTurnBecomesAUserTurnOfItsConversationAtItsEventTime() {
    Decoded.Valid<ChatEvent> valid = assertInstanceOf(Decoded.Valid.class, decode("c-1", "c-1", 3, "What is my name?"));
    assertEquals("c-1", valid.entityId());
    assertEquals(T0, valid.eventTimeMillis());
    assertEquals(new ChatEvent("c-1", T0, 3, "What is my name?"), valid.event());
  }

  @Test
  void turnsThatAreBadOnTheirOwnAreInvalidWithAReason() {
    byte[] good = ChatDomain.TURN_CODEC.encode(new ChatTurn("c-1", Instant.ofEpochMilli(T0), 1L, "hello"));
    assertInvalid(decode(ChatDomain.TURNS, "c-1", Arrays.copyOf(good, good.length - 2)), "decode", "");
    assertInvalid(decode(ChatDomain.TURNS, null, good), "validation", "no key");
    assertInvalid(decode(ChatDomain.RESPONSES, "c-1", good), "validation", "not an input topic");
    assertInvalid(decode("other", "c-1", 1, "hello"), "validation", "differs from conversation_id");
    assertInvalid(decode("c-1", "c-1", 0, "hello"), "validation", "turn is 0");
    assertInvalid(decode("c-1", "c-1", 2, " \t"), "validation", "has no text");
    assertInvalid(decode("c-1", "c-1", 2, "x".repeat(ChatDomain.MAX_TEXT_CHARS + 1)), "validation", "more than the 4096");
  }

  @Test
  void anAnswerIsOneResponseRecordKeyedByConversationAtTheTurnsEventTime() {
    List<ProducerRecord<byte[], byte[]>> records = DOMAIN.encode(new ChatOutput("c-1", T0, 4, "ka ro", 1200, 800));
    assertEquals(1, records.size());
    ProducerRecord<byte[], byte[]> record = records.get(0);
    assertEquals(ChatDomain.RESPONSES, record.topic());
    assertEquals("c-1", new String(record.key(), StandardCharsets.UTF_8));
    assertEquals(T0, record.timestamp());
    ChatResponse response = ChatDomain.RESPONSE_CODEC.decode(record.value());
    assertEquals(new ChatResponse("c-1", Instant.ofEpochMilli(T0), 4L, "ka ro", 1200L, 800L), response);
  }
}
