package io.streamlearn.models.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A few steps from scratch lower the loss of joint pretraining and of memory-aware training. */
class TrainingStepTest {

  @Test
  void fewStepsLowerTheLoss() {
    Vocabulary vocab = FactDialogues.vocabulary();
    RxtConfig config = RxtConfig.tiny(vocab.size());
    ReactiveTransformer model = new ReactiveTransformer(config, vocab, 1);
    RxtTrainer trainer = new RxtTrainer(model, null, new FactDialogues(7),
        new RxtTrainer.Plan(8, 0, 0, 0, 0, 0, 3, 2, 2e-3f, 1));
    trainer.setLearningRate(3e-3f);
    double first = trainer.jointStep(false)[0];
    double last = first;
    for (int i = 0; i < 15; i++) {
      last = trainer.jointStep(false)[0];
    }
    assertTrue(last < first * 0.8, "joint loss " + first + " -> " + last);

    double awareFirst = trainer.memoryAwareStep(false)[0];
    double awareLast = awareFirst;
    for (int i = 0; i < 8; i++) {
      awareLast = trainer.memoryAwareStep(false)[0];
    }
    assertTrue(awareLast < awareFirst, "memory-aware loss " + awareFirst + " -> " + awareLast);
  }
}
