package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.RxtConfig;
import io.streamlearn.models.chat.Tape;
import io.streamlearn.models.chat.Tensor;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.traffic.chat.FactDialogues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.streamlearn.models.Rng;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The hand-written backward passes agree with finite differences through a whole two-turn RxT cycle. */
class GradientCheckTest {

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    Vocabulary vocab = FactDialogues.vocabulary();
    RxtConfig config = new RxtConfig(vocab.size(), 8, 2, 2, 12, 6, RxtConfig.MemoryVariant.INTERLAYER, 0.3f);
    ReactiveTransformer model = new ReactiveTransformer(config, vocab, 3);
    List<int[]> turn1 = List.of(vocab.interaction("my name is ka ro", "ok"), vocab.interaction("hello", "hi"));
    List<int[]> turn2 = List.of(vocab.interaction("what is my name ?", "ka ro"), vocab.interaction("hello", "hi"));
    TokenBatch b1 = TokenBatch.of(turn1, 6);
    TokenBatch b2 = TokenBatch.of(turn2, 6);
    Rng rng = new Rng(5);
    List<float[]> stm0 = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      float[] v = new float[2 * 6 * 8];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rng.nextGaussian();
      }
      stm0.add(v);
    }
    Supplier<Tape> tapes = Tape::new;
    java.util.function.Function<Tape, Tensor> loss = tape -> {
      List<Tensor> stm = new ArrayList<>();
      for (float[] v : stm0) {
        stm.add(Tape.constant(12, 8, v.clone()));
      }
      Tensor l1 = tape.crossEntropy(model.decoder().logits(tape, b1.tokens(), 2, 6, stm), b1.targets(), b1.allWeights());
      List<Tensor> ed = model.encoder().states(tape, b1.tokens(), 2, 6, b1.valid());
      Tensor mlm = tape.crossEntropy(model.encoder().mlmLogits(tape, ed.get(1)), b1.tokens(), b1.allWeights());
      stm = model.memoryAttention().update(tape, stm, ed, 2, b1.valid(), null);
      Tensor l2 = tape.crossEntropy(model.decoder().logits(tape, b2.tokens(), 2, 6, stm), b2.targets(), b2.answerWeights());
      Tensor cos = tape.negativeCosine(stm.get(0), stm0.get(1));
      return tape.weightedSum(tape.weightedSum(l1, 1f, l2, 1f), 1f, tape.weightedSum(mlm, 0.5f, cos, 0.3f), 1f);
    };
    Tape tape = tapes.get();
    tape.backward(loss.apply(tape));
    int checked = 0;
    for (Map.Entry<String, Tensor> e : model.params().all().entrySet()) {
      Tensor p = e.getValue();
      for (int probe = 0; probe < 2; probe++) {
        int i = (probe * 7919 + e.getKey().length() * 31) % p.value.length;
        float saved = p.value[i];
        float h = 1e-2f;
        // Five-point central difference: truncation error O(h^4), so float rounding dominates.
        double up = lossAt(loss, p, i, saved + h);
        double down = lossAt(loss, p, i, saved - h);
        double up2 = lossAt(loss, p, i, saved + 2 * h);
        double down2 = lossAt(loss, p, i, saved - 2 * h);
        p.value[i] = saved;
        double numeric = (8 * (up - down) - (up2 - down2)) / (12 * h);
        double analytic = p.grad()[i];
        assertEquals(numeric, analytic, 2e-3 + 0.05 * Math.abs(numeric), e.getKey() + "[" + i + "]");
        checked++;
      }
    }
    assertTrue(checked > 50);
  }

  private static double lossAt(java.util.function.Function<Tape, Tensor> loss, Tensor p, int i, float value) {
    p.value[i] = value;
    return loss.apply(Tape.forwardOnly()).value[0];
  }
}
