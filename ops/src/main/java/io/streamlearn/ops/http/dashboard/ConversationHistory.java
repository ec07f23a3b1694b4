package io.streamlearn.ops.http.dashboard;

import io.streamlearn.schemas.ChatResponse;
import io.streamlearn.schemas.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One conversation as the chat page shows it: its last turns, each with the user's text (from
 * {@code chat.turns}) and, once committed, the answer and its times (from {@code chat.responses}).
 */
final class ConversationHistory {

  /** A turn; {@code answer} is null until its response is committed. */
  record Turn(long turn, long eventTime, String text, String answer, long respondMicros, long memoryUpdateMicros) {}

  private final int keep;
  private final TreeMap<Long, Turn> turns = new TreeMap<>();
  private long lastEventTime;

  ConversationHistory(int keep) {
    this.keep = keep;
  }

  synchronized void addTurn(ChatTurn turn) {
    turns.merge(turn.getTurn(), new Turn(turn.getTurn(), turn.getEventTime().toEpochMilli(), turn.getText(), null, 0, 0),
        (old, fresh) -> new Turn(old.turn(), fresh.eventTime(), fresh.text(), old.answer(), old.respondMicros(),
            old.memoryUpdateMicros()));
    touched(turn.getEventTime().toEpochMilli());
  }

  synchronized void addResponse(ChatResponse r) {
    Turn answered = new Turn(r.getTurn(), r.getEventTime().toEpochMilli(), null, r.getText(), r.getRespondMicros(),
        r.getMemoryUpdateMicros());
    turns.merge(r.getTurn(), answered, (old, fresh) -> new Turn(old.turn(), old.eventTime(), old.text(), fresh.answer(),
        fresh.respondMicros(), fresh.memoryUpdateMicros()));
    touched(r.getEventTime().toEpochMilli());
  }

  private void touched(long eventTime) {
    lastEventTime = Math.max(lastEventTime, eventTime);
    while (turns.size() > keep) {
      turns.pollFirstEntry();
    }
  }

  synchronized long lastEventTime() {
    return lastEventTime;
  }

  /** The kept turns, oldest first. */
  synchronized List<Turn> turns() {
    return new ArrayList<>(turns.values());
  }
}
