package io.streamlearn.actors.chat;

import io.streamlearn.models.Rng;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.ShortTermMemory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * One conversation, the Reactive Transformer's event-driven cycle: a turn is answered from the turn
 * and the conversation's short-term memory alone, and only after the answer has gone out
 * ({@link #afterReply}) do the encoder and memory attention write the interaction into the memory.
 * So the user never waits for the memory update, and every turn costs the same however long the
 * conversation is.
 *
 * <p>Turns must come in order: one numbered at or below the last answered one is rejected as
 * {@code late} (a duplicate or a reordering) and leaves the memory untouched. A gap in the numbers
 * (a turn lost upstream) is accepted; the memory simply never saw that turn.
 *
 * <p>The two times in each answer are wall-clock measurements, the only part of the outputs that
 * differs between runs; the answers themselves are deterministic (greedy decoding, seeded memory).
 */
public final class ConversationLogic implements EntityLogic<ChatEvent, ChatOutput> {

  private final String conversationId;
  private final ChatSettings settings;
  private final ReactiveTransformer model;

  private ShortTermMemory memory;
  private long lastTurn;
  /** The interaction answered but not yet written into the memory; null once written. */
  private String pendingQuery;
  private String pendingAnswer;
  private long lastMemoryUpdateMicros;

  public ConversationLogic(String conversationId, ChatSettings settings) {
    this.conversationId = conversationId;
    this.settings = settings;
    this.model = settings.model();
  }

  @Override
  public EntityResult<ChatOutput> handle(ChatEvent turn) {
    if (turn.number() <= lastTurn) {
      return EntityResult.reject("late", "turn " + turn.number() + " comes after turn " + lastTurn
          + " of the conversation was answered: turns must come in order, each once");
    }
    if (memory == null) {
      memory = model.initialMemory(Rng.entitySeed(settings.seed(), conversationId));
    }
    // A state restored between an answer and its memory update still owes the update.
    writePendingIntoMemory();
    long started = System.nanoTime();
    String text = model.respond(memory, turn.text());
    long respondMicros = (System.nanoTime() - started) / 1000;
    pendingQuery = turn.text();
    pendingAnswer = text;
    lastTurn = turn.number();
    return EntityResult.emit(List.of(new ChatOutput(conversationId, turn.eventMillis(), turn.number(), text,
        respondMicros, lastMemoryUpdateMicros)));
  }

  @Override
  public void afterReply() {
    writePendingIntoMemory();
  }

  private void writePendingIntoMemory() {
    if (pendingQuery == null) {
      return;
    }
    long started = System.nanoTime();
    memory = model.updateMemory(memory, pendingQuery, pendingAnswer);
    lastMemoryUpdateMicros = (System.nanoTime() - started) / 1000;
    pendingQuery = null;
    pendingAnswer = null;
  }

  /** The conversation's memory now (null before its first turn); for tests and tools. */
  public ShortTermMemory memory() {
    return memory;
  }

  @Override
  public int stateVersion() {
    return 1;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeBoolean(memory != null);
    if (memory == null) {
      return;
    }
    out.writeLong(lastTurn);
    memory.writeState(out);
    out.writeBoolean(pendingQuery != null);
    if (pendingQuery != null) {
      out.writeUTF(pendingQuery);
      out.writeUTF(pendingAnswer);
    }
    out.writeLong(lastMemoryUpdateMicros);
  }

  @Override
  public void readState(DataInput in, int version) throws IOException {
    if (version != 1) {
      throw new IOException("conversation state version " + version + " is not readable by this version (1)");
    }
    if (!in.readBoolean()) {
      memory = null;
      return;
    }
    lastTurn = in.readLong();
    // A memory of another shape (another checkpoint wrote it) is refused by readState.
    ShortTermMemory restored = model.initialMemory(0);
    restored.readState(in);
    memory = restored;
    boolean pending = in.readBoolean();
    pendingQuery = pending ? in.readUTF() : null;
    pendingAnswer = pending ? in.readUTF() : null;
    lastMemoryUpdateMicros = in.readLong();
  }
}
