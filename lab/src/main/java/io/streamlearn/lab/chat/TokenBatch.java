package io.streamlearn.lab.chat;

import io.streamlearn.models.chat.Tensor;
import io.streamlearn.models.chat.Vocabulary;

import java.util.List;

/**
 * Sequences padded to one length and stacked row-wise, with next-token targets: row b·T + i predicts
 * token i + 1 of sequence b. {@code allWeights} scores every real next token, {@code answerWeights} only
 * the tokens after an [A] up to and including its [EOS].
 */
record TokenBatch(int batch, int seqLen, int[] tokens, boolean[] valid, int[] targets, float[] allWeights,
    float[] answerWeights) {

  static TokenBatch of(List<int[]> sequences, int seqLen) {
    int b = sequences.size();
    int[] tokens = new int[b * seqLen];
    boolean[] valid = new boolean[b * seqLen];
    int[] targets = new int[b * seqLen];
    float[] all = new float[b * seqLen];
    float[] answers = new float[b * seqLen];
    for (int s = 0; s < b; s++) {
      int[] seq = sequences.get(s);
      int n = Math.min(seq.length, seqLen);
      int o = s * seqLen;
      System.arraycopy(seq, 0, tokens, o, n);
      boolean inAnswer = false;
      for (int i = 0; i < n; i++) {
        valid[o + i] = true;
        if (seq[i] == Vocabulary.ANSWER) {
          inAnswer = true;
        }
        if (i + 1 < n) {
          targets[o + i] = seq[i + 1];
          all[o + i] = 1f;
          answers[o + i] = inAnswer ? 1f : 0f;
        }
        if (seq[i] == Vocabulary.EOS) {
          inAnswer = false;
        }
      }
    }
    return new TokenBatch(b, seqLen, tokens, valid, targets, all, answers);
  }

  /** Fraction of weighted positions whose arg-max logit is the target. */
  static double accuracy(Tensor logits, int[] targets, float[] weights) {
    int v = logits.cols;
    double hit = 0;
    double total = 0;
    for (int r = 0; r < logits.rows; r++) {
      if (weights[r] == 0f) {
        continue;
      }
      int best = 0;
      for (int c = 1; c < v; c++) {
        if (logits.value[r * v + c] > logits.value[r * v + best]) {
          best = c;
        }
      }
      hit += best == targets[r] ? weights[r] : 0;
      total += weights[r];
    }
    return total == 0 ? 0 : hit / total;
  }
}
