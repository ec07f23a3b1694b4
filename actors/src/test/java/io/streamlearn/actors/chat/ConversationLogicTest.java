package io.streamlearn.actors.chat;

import io.streamlearn.models.Rng;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.chat.ChatCheckpoint;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.ShortTermMemory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationLogicTest {

  private static final String ID = "conversation-1";
  private static final long T0 = 1_767_225_600_000L;

  private static ChatSettings settings;
  private static List<String> queries;

  @BeforeAll
  static void loadModel() throws IOException {
    settings = new ChatSettings(ChatCheckpoint.shipped().rxt(), 3);
    // A fact stated, small talk, and the fact asked for four turns later, as the simulator's dialogues go.
    queries = List.of("good morning", "my name is ka ro mi", "what is the weather ?", "tell me a joke",
        "i live in ber lin sto", "what is my name ?", "my number is 4 7 1", "where do i live ?", "good morning",
        "what is my number ?");
  }

  private static ChatEvent turn(long number) {
    return new ChatEvent(ID, T0 + number * 10_000, number, queries.get((int) number - 1));
  }

  private static ChatOutput answer(ConversationLogic logic, long number) {
    EntityResult.Emit<ChatOutput> emit = assertInstanceOf(EntityResult.Emit.class, logic.handle(turn(number)));
    assertEquals(1, emit.outputs().size());
    return emit.outputs().get(0);
  }

  @Test
  void answersAreTheModelsOwnCycleWithTheMemoryWrittenOnlyAfterTheAnswerWentOut() {
    ReactiveTransformer model = settings.model();
    ShortTermMemory expectedMemory = model.initialMemory(Rng.entitySeed(settings.seed(), ID));
    ConversationLogic logic = new ConversationLogic(ID, settings);
    for (long n = 1; n <= queries.size(); n++) {
      String query = queries.get((int) n - 1);
      String expected = model.respond(expectedMemory, query);
      ChatOutput answer = answer(logic, n);
      assertEquals(expected, answer.text(), "turn " + n);
      assertEquals(n, answer.turn());
      assertEquals(T0 + n * 10_000, answer.eventMillis());
      assertTrue(answer.respondMicros() > 0);
      if (n == 1) {
        assertEquals(0, answer.memoryUpdateMicros(), "no update precedes the first turn");
      } else {
        assertTrue(answer.memoryUpdateMicros() > 0, "turn " + n + " reports the update after turn " + (n - 1));
      }
      // Answered, not yet remembered: the update waits until the reply is out.
      assertEquals(expectedMemory, logic.memory(), "memory right after answering turn " + n);
      logic.afterReply();
      expectedMemory = model.updateMemory(expectedMemory, query, expected);
      assertEquals(expectedMemory, logic.memory(), "memory after the update of turn " + n);
    }
  }

  @Test
  void aStateSnapshottedBetweenAnAnswerAndItsMemoryUpdateCarriesOnAlike() throws IOException {
    ConversationLogic straight = new ConversationLogic(ID, settings);
    List<String> expected = new ArrayList<>();
    for (long n = 1; n <= queries.size(); n++) {
      expected.add(answer(straight, n).text());
      straight.afterReply();
    }
    ConversationLogic first = new ConversationLogic(ID, settings);
    List<String> answers = new ArrayList<>();
    for (long n = 1; n <= 5; n++) {
      answers.add(answer(first, n).text());
      if (n < 5) {
        first.afterReply();
      }
    }
    // Turn 5 is answered and its update still owed: the snapshot must carry it.
    ConversationLogic restored = new ConversationLogic(ID, settings);
    restored.readState(new DataInputStream(new ByteArrayInputStream(state(first))), first.stateVersion());
    for (long n = 6; n <= queries.size(); n++) {
      answers.add(answer(restored, n).text());
      restored.afterReply();
    }
    assertEquals(expected, answers);
    assertEquals(straight.memory(), restored.memory());
  }

  @Test
  void aRepeatedOrOlderTurnIsLateAndLeavesTheMemoryAlone() throws IOException {
    ConversationLogic logic = new ConversationLogic(ID, settings);
    for (long n = 1; n <= 3; n++) {
      answer(logic, n);
      logic.afterReply();
    }
    byte[] before = state(logic);
    for (long n : new long[] {3, 1}) {
      EntityResult.Reject<ChatOutput> reject = assertInstanceOf(EntityResult.Reject.class, logic.handle(turn(n)));
      assertEquals("late", reject.reason());
      assertTrue(reject.detail().contains("turn " + n + " comes after turn 3"), reject.detail());
    }
    assertArrayEquals(before, state(logic));
    // A gap (turn 4 lost upstream) is taken.
    assertEquals(5, answer(logic, 5).turn());
  }

  @Test
  void conversationsStartFromTheirOwnSeededMemory() {
    ConversationLogic a = new ConversationLogic("a", settings);
    ConversationLogic b = new ConversationLogic("b", settings);
    ConversationLogic aAgain = new ConversationLogic("a", settings);
    a.handle(turn(1));
    b.handle(new ChatEvent("b", T0, 1, queries.get(0)));
    aAgain.handle(turn(1));
    assertEquals(a.memory(), aAgain.memory());
    assertNotEquals(a.memory(), b.memory());
  }

  private static byte[] state(ConversationLogic logic) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    logic.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }
}
