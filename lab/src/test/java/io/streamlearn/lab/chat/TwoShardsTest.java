package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.RxtConfig;
import io.streamlearn.models.chat.StatelessChat;
import io.streamlearn.models.chat.Tape;
import io.streamlearn.models.chat.Tensor;
import io.streamlearn.models.chat.Vocabulary;
import io.streamlearn.traffic.chat.FactDialogues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Two shards on a worker thread give the same bytes of summed gradient as one after the other, and their
 * losses add up to the whole batch's mean loss.
 */
class TwoShardsTest {
  private static final int LENGTH = 12;
  private final Vocabulary vocab = FactDialogues.vocabulary();
  private final List<int[]> batch = List.of(vocab.interaction("my name is ka ro", "ok"), vocab.interaction("hello", "hi"),
      vocab.interaction("what is my name ?", "ka ro"));
  private final float total = Tape.sum(TokenBatch.of(batch, LENGTH).answerWeights());

  @Test
  void parallelAndSequentialShardsSumToTheSameGradientAndTheBatchLoss() {
    StatelessChat sequential = model();
    StatelessChat parallel = model();
    double sequentialLoss = trainShards(sequential, false);
    double parallelLoss = trainShards(parallel, true);
    for (Map.Entry<String, Tensor> e : sequential.params().all().entrySet()) {
      assertArrayEquals(e.getValue().grad(), parallel.params().get(e.getKey()).grad(), e.getKey());
    }
    assertEquals(sequentialLoss, parallelLoss);

    TokenBatch all = TokenBatch.of(batch, LENGTH);
    Tape tape = Tape.forwardOnly();
    double mean = tape.crossEntropy(model().decoder().logits(tape, all.tokens(), all.batch(), LENGTH, null), all.targets(),
        all.answerWeights()).value[0];
    assertEquals(mean, sequentialLoss, 1e-5);
  }

  private StatelessChat model() {
    return new StatelessChat(RxtConfig.tiny(vocab.size()), vocab, 3);
  }

  /** Runs both shards' forward and backward passes, the second on a worker thread or not; returns the sum of their losses. */
  private double trainShards(StatelessChat m, boolean parallel) {
    StatelessChat replica = new StatelessChat(m.config(), vocab, 0);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      TwoShards<StatelessChat> shards = new TwoShards<>(m, m.params(), replica, replica.params(),
          parallel ? worker : Runnable::run);
      List<Double> losses = shards.run((model, shard) -> {
        TokenBatch b = TokenBatch.of(TwoShards.half(batch, shard), LENGTH);
        Tape tape = new Tape();
        Tensor loss = tape.crossEntropy(model.decoder().logits(tape, b.tokens(), b.batch(), LENGTH, null), b.targets(),
            b.answerWeights(), total);
        tape.backward(loss);
        return (double) loss.value[0];
      });
      return losses.get(0) + losses.get(1);
    } finally {
      worker.shutdown();
    }
  }
}
