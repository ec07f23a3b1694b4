package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.Decoder;
import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.RxtConfig;
import io.streamlearn.models.chat.Sampler;
import io.streamlearn.models.chat.ShortTermMemory;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.models.chat.Tape;
import io.streamlearn.models.chat.Tensor;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.traffic.chat.FactDialogues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReactiveTransformerTest {
  private static final Vocabulary VOCAB = FactDialogues.vocabulary();

  private static ReactiveTransformer model(RxtConfig.MemoryVariant variant) {
    RxtConfig tiny = RxtConfig.tiny(VOCAB.size());
    return new ReactiveTransformer(new RxtConfig(tiny.vocabSize(), tiny.dim(), tiny.layers(), tiny.heads(),
        tiny.ffnHidden(), tiny.slots(), variant, tiny.stmSigma()), VOCAB, 11);
  }

  @Test
  void shapesOfMemoryAndEncoderStates() {
    for (RxtConfig.MemoryVariant variant : RxtConfig.MemoryVariant.values()) {
      ReactiveTransformer m = model(variant);
      ShortTermMemory stm = m.initialMemory(1);
      assertEquals(2, stm.layers());
      assertEquals(12, stm.slots());
      assertEquals(64, stm.dim());
      ShortTermMemory next = m.updateMemory(stm, "my name is ka ro", "ok");
      assertEquals(2, next.layers());
      assertEquals(12 * 64, next.layer(1).length);
      assertNotEquals(stm, next);
      TokenBatch batch = TokenBatch.of(List.of(VOCAB.interaction("hello", "hi"), VOCAB.interaction("thank you", "ok")), 12);
      Tape tape = Tape.forwardOnly();
      List<Tensor> ed = m.encoder().states(tape, batch.tokens(), 2, 12, batch.valid());
      assertEquals(2, ed.size());
      assertEquals(24, ed.get(0).rows);
      assertEquals(64, ed.get(0).cols);
      Tensor logits = m.decoder().logits(tape, batch.tokens(), 2, 12, memoryOf(m.initialMemory(2), m.initialMemory(3)));
      assertEquals(24, logits.rows);
      assertEquals(VOCAB.size(), logits.cols);
      String answer = m.respond(next, "what is my name ?");
      assertTrue(VOCAB.prompt("what is my name ?").length + VOCAB.encode(answer).length < 12);
    }
  }

  private static List<Tensor> memoryOf(ShortTermMemory... perSequence) {
    List<Tensor> out = new ArrayList<>();
    for (int l = 0; l < perSequence[0].layers(); l++) {
      float[] v = new float[0];
      for (ShortTermMemory s : perSequence) {
        float[] layer = s.layer(l);
        int o = v.length;
        v = Arrays.copyOf(v, o + layer.length);
        System.arraycopy(layer, 0, v, o, layer.length);
      }
      out.add(Tape.constant(perSequence.length * perSequence[0].slots(), perSequence[0].dim(), v));
    }
    return out;
  }

  @Test
  void gateZeroKeepsMemoryGateOneTakesTheUpdate() {
    Tape tape = Tape.forwardOnly();
    int slots = 4;
    int d = 3;
    float[] old = new float[2 * slots * d];
    float[] update = new float[old.length];
    for (int i = 0; i < old.length; i++) {
      old[i] = i * 0.1f;
      update[i] = -1f - i;
    }
    Tensor weight = Tape.constant(slots, slots, new float[slots * slots]);
    float[] closed = new float[slots];
    float[] open = new float[slots];
    Arrays.fill(closed, -40f);
    Arrays.fill(open, 40f);
    Tensor stm = Tape.constant(2 * slots, d, old);
    Tensor upd = Tape.constant(2 * slots, d, update);
    float[] gates = new float[2 * slots];
    assertArrayEquals(old, tape.gatedResidual(stm, upd, weight, Tape.constant(1, slots, closed), slots, gates).value,
        1e-6f);
    assertTrue(gates[0] < 1e-6);
    assertArrayEquals(update, tape.gatedResidual(stm, upd, weight, Tape.constant(1, slots, open), slots, gates).value,
        1e-5f);
    assertTrue(gates[7] > 1 - 1e-6);

    // In the model: closed gates leave the whole STM as it was, whatever the interaction.
    for (RxtConfig.MemoryVariant variant : RxtConfig.MemoryVariant.values()) {
      ReactiveTransformer m = model(variant);
      m.params().all().forEach((name, t) -> {
        if (name.endsWith("gate.b")) {
          Arrays.fill(t.value, -40f);
        }
      });
      ShortTermMemory before = m.initialMemory(5);
      ShortTermMemory after = m.updateMemory(before, "my number is 1 2 3", "ok");
      for (int l = 0; l < before.layers(); l++) {
        assertArrayEquals(before.layer(l), after.layer(l), 1e-6f);
      }
    }
  }

  @Test
  void incrementalDecodingMatchesTheTrainingGraph() {
    ReactiveTransformer m = model(RxtConfig.MemoryVariant.INTERLAYER);
    ShortTermMemory stm = m.updateMemory(m.initialMemory(4), "i live in ber lin", "ok");
    int[] tokens = VOCAB.interaction("where do i live ?", "ber lin");
    Tensor logits = m.decoder().logits(Tape.forwardOnly(), Arrays.copyOf(tokens, 12), 1, 12, memoryOf(stm));
    Decoder.Session session = m.decoder().session(stm.raw());
    for (int t = 0; t < tokens.length; t++) {
      float[] step = session.step(tokens[t]);
      assertArrayEquals(Arrays.copyOfRange(logits.value, t * VOCAB.size(), (t + 1) * VOCAB.size()), step, 1e-4f);
    }
  }

  @Test
  void saveAndLoadGiveIdenticalOutputs() throws IOException {
    ReactiveTransformer m = model(RxtConfig.MemoryVariant.INTERLAYER);
    StatelessChat baseline = new StatelessChat(m.config(), VOCAB, 3);
    ShortTermMemory stm = m.updateMemory(m.initialMemory(9), "my colour is pale red", "ok");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    m.write(out);
    baseline.write(out);
    stm.writeState(out);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    ReactiveTransformer loaded = ReactiveTransformer.read(in);
    StatelessChat loadedBaseline = StatelessChat.read(in);
    ShortTermMemory loadedStm = m.initialMemory(0);
    loadedStm.readState(in);

    assertEquals(stm, loadedStm);
    String query = "what is my colour ?";
    assertEquals(m.respond(stm, query), loaded.respond(loadedStm, query));
    assertEquals(m.respond(stm, query, Sampler.seeded(1.0, 42)), loaded.respond(loadedStm, query, Sampler.seeded(1.0, 42)));
    assertEquals(m.updateMemory(stm, query, "pale red"), loaded.updateMemory(loadedStm, query, "pale red"));
    List<FactDialogues.Turn> history = List.of(new FactDialogues.Turn("hello", "hi"));
    assertEquals(baseline.respond(history, query), loadedBaseline.respond(history, query));
  }
}
