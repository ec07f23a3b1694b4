package io.streamlearn.traffic.chat;

import io.streamlearn.streams.chat.ChatDomain;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One of each kind of bad turn for a conversation under way, with the reason the pipeline must give it. */
public final class MalformedChat {

  /** A bad record and the dead-letter reason and detail fragment it must produce. */
  public record Sample(byte[] key, byte[] value, String reason, String detailContains) {}

  private MalformedChat() {}

  /** @param answeredTurn the conversation's last turn that has its answer; its next turn is not sent yet */
  public static List<Sample> samples(String conversationId, long answeredTurn, long eventMillis) {
    byte[] key = conversationId.getBytes(StandardCharsets.UTF_8);
    byte[] good = ChatSimulator.encode(conversationId, eventMillis, answeredTurn + 1, "hello");
    return List.of(
        new Sample(key, Arrays.copyOf(good, good.length - 3), "decode", "malformed"),
        new Sample("someone-else".getBytes(StandardCharsets.UTF_8), good, "validation", "differs from conversation_id"),
        new Sample(key, ChatSimulator.encode(conversationId, eventMillis, 0, "hello"), "validation", "turn is 0"),
        new Sample(key, ChatSimulator.encode(conversationId, eventMillis, answeredTurn + 1, "  "), "validation",
            "has no text"),
        new Sample(key, ChatSimulator.encode(conversationId, eventMillis, answeredTurn + 1,
            "a".repeat(ChatDomain.MAX_TEXT_CHARS + 1)), "validation", "characters, more than"),
        new Sample(key, ChatSimulator.encode(conversationId, eventMillis, answeredTurn, "what is my name ?"), "late",
            "turn " + answeredTurn + " comes after turn " + answeredTurn));
  }
}
