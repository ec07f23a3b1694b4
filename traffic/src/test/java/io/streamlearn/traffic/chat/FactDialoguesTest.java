package io.streamlearn.traffic.chat;

import io.streamlearn.models.chat.Vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.traffic.chat.FactDialogues.Dialogue;
import io.streamlearn.traffic.chat.FactDialogues.Fact;
import io.streamlearn.traffic.chat.FactDialogues.Split;
import java.util.HashSet;
import java.util.Set;
import io.streamlearn.models.Rng;
import org.junit.jupiter.api.Test;

class FactDialoguesTest {

  @Test
  void testValuesAreNeverTrainingValues() {
    FactDialogues data = new FactDialogues(7);
    for (Fact f : Fact.values()) {
      Set<String> train = new HashSet<>(data.values(f, Split.TRAIN));
      for (String v : data.values(f, Split.TEST)) {
        assertTrue(!train.contains(v), f + " " + v);
      }
      for (String v : data.values(f, Split.VALIDATION)) {
        assertTrue(!train.contains(v), f + " " + v);
      }
    }
  }

  @Test
  void dialoguesAskForTheFactKTurnsLaterAndFitTheInteractionLength() {
    FactDialogues data = new FactDialogues(7);
    Vocabulary vocab = FactDialogues.vocabulary();
    Rng rng = new Rng(3);
    for (int i = 0; i < 500; i++) {
      int k = 1 + rng.nextInt(8);
      Dialogue d = data.dialogue(Split.TRAIN, 9, k, rng);
      assertEquals(k, d.distance());
      assertEquals(d.fact().question, d.turns().get(d.probeTurn()).query());
      assertEquals(d.value(), d.turns().get(d.probeTurn()).answer());
      assertTrue(d.turns().get(d.factTurn()).query().endsWith(d.value()));
      for (FactDialogues.Turn t : d.turns()) {
        int[] tokens = vocab.interaction(t.query(), t.answer());
        assertTrue(tokens.length <= FactDialogues.MAX_INTERACTION_TOKENS, t.toString());
        for (int tok : tokens) {
          assertTrue(tok != Vocabulary.UNKNOWN, t.toString());
        }
      }
    }
    assertEquals(data.dialogue(Split.TEST, 5, 4, new Rng(1)),
        new FactDialogues(7).dialogue(Split.TEST, 5, 4, new Rng(1)));
  }
}
