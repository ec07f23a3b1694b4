package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.ShortTermMemory;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.traffic.chat.FactDialogues;

import io.streamlearn.traffic.chat.FactDialogues.Dialogue;
import io.streamlearn.traffic.chat.FactDialogues.Split;
import io.streamlearn.traffic.chat.FactDialogues.Turn;
import java.util.ArrayList;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Fact recall when the fact was stated k turns before the question: with the STM built turn by turn,
 * with the STM reset to fresh noise just before the question (the ablation), and for the stateless
 * baseline reading the whole history. Earlier turns use the scripted answers; an answer counts only if
 * it is exactly the stated value.
 */
public final class RecallEvaluation {
  public record Row(int k, int dialogues, double stm, double stmReset, double stateless) {}

  private RecallEvaluation() {}

  /** @param baseline may be null (its column is then NaN) */
  public static List<Row> run(ReactiveTransformer rxt, StatelessChat baseline, FactDialogues data, Split split,
      int[] distances, int perDistance, long seed) {
    List<Row> rows = new ArrayList<>();
    Rng rng = new Rng(seed);
    for (int k : distances) {
      int stm = 0;
      int reset = 0;
      int stateless = 0;
      for (int i = 0; i < perDistance; i++) {
        Dialogue d = data.dialogue(split, k + 1, k, rng);
        List<Turn> history = d.turns().subList(0, d.probeTurn());
        String question = d.turns().get(d.probeTurn()).query();
        ShortTermMemory memory = rxt.initialMemory(rng.nextLong());
        for (Turn t : history) {
          memory = rxt.updateMemory(memory, t.query(), t.answer());
        }
        stm += rxt.respond(memory, question).equals(d.value()) ? 1 : 0;
        reset += rxt.respond(rxt.initialMemory(rng.nextLong()), question).equals(d.value()) ? 1 : 0;
        if (baseline != null) {
          stateless += baseline.respond(history, question).equals(d.value()) ? 1 : 0;
        }
      }
      double n = perDistance;
      rows.add(new Row(k, perDistance, stm / n, reset / n, baseline == null ? Double.NaN : stateless / n));
    }
    return rows;
  }
}
