package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.ReactiveTransformer;
import io.streamlearn.models.chat.RxtConfig;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.traffic.chat.FactDialogues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A few steps from scratch lower the loss of joint pretraining and of memory-aware training, and a run is
 * the same bytes for the same seed whether the second half of each batch runs on another thread or not.
 */
class TrainingStepTest {

  @Test
  void sameSeedGivesTheSameParametersOnOneThreadOrTwo() throws IOException {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      assertArrayEquals(trainedBytes(5, Runnable::run), trainedBytes(5, worker));
    } finally {
      worker.shutdown();
    }
  }

  private static byte[] trainedBytes(long seed, Executor secondShard) throws IOException {
    Vocabulary vocab = FactDialogues.vocabulary();
    RxtConfig config = RxtConfig.tiny(vocab.size());
    ReactiveTransformer model = new ReactiveTransformer(config, vocab, seed);
    StatelessChat baseline = new StatelessChat(config, vocab, seed + 1);
    new RxtTrainer(model, baseline, new FactDialogues(7), new RxtTrainer.Plan(4, 2, 1, 1, 2, 2, 2, 3, 5, 4, 2e-3f, seed),
        secondShard).run(null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    model.write(out);
    baseline.write(out);
    return bytes.toByteArray();
  }

  @Test
  void fewStepsLowerTheLoss() {
    Vocabulary vocab = FactDialogues.vocabulary();
    RxtConfig config = RxtConfig.tiny(vocab.size());
    ReactiveTransformer model = new ReactiveTransformer(config, vocab, 1);
    RxtTrainer trainer = new RxtTrainer(model, null, new FactDialogues(7),
        new RxtTrainer.Plan(8, 0, 0, 0, 0, 0, 0, 3, 3, 2, 2e-3f, 1));
    trainer.setLearningRate(3e-3f);
    double first = trainer.jointStep(false)[0];
    double last = first;
    for (int i = 0; i < 15; i++) {
      last = trainer.jointStep(false)[0];
    }
    assertTrue(last < first * 0.8, "joint loss " + first + " -> " + last);

    double awareFirst = trainer.memoryAwareStep(false, 3)[0];
    double awareLast = awareFirst;
    for (int i = 0; i < 8; i++) {
      awareLast = trainer.memoryAwareStep(false, 3)[0];
    }
    assertTrue(awareLast < awareFirst, "memory-aware loss " + awareFirst + " -> " + awareLast);
  }
}
