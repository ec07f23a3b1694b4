package io.streamlearn.models.chat;

import io.streamlearn.models.chat.Blocks.Attention;
import io.streamlearn.models.chat.Blocks.FeedForward;
import java.util.ArrayList;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Pre-norm bidirectional encoder over one interaction (padding keys masked, RoPE on q and k). Its
 * per-layer hidden states are the encoded data ED that memory attention writes into STM; an MLM head
 * (final norm and the shared embedding) serves joint pretraining.
 */
public final class Encoder {
  private record Layer(Tensor selfNorm, Attention self, Tensor ffnNorm, FeedForward ffn) {}

  private final RxtConfig config;
  private final Tensor embedding;
  private final List<Layer> layers = new ArrayList<>();
  private final Tensor mlmNorm;

  Encoder(Parameters p, Tensor embedding, RxtConfig c, Rng rng) {
    this.config = c;
    this.embedding = embedding;
    int d = c.dim();
    for (int l = 0; l < c.layers(); l++) {
      String n = "enc." + l;
      layers.add(new Layer(Blocks.gain(p, n + ".self_norm", d, rng), Attention.create(p, n + ".self", d, c.layers(), rng),
          Blocks.gain(p, n + ".ffn_norm", d, rng), FeedForward.create(p, n + ".ffn", d, c.ffnHidden(), c.layers(), rng)));
    }
    mlmNorm = Blocks.gain(p, "enc.mlm_norm", d, rng);
  }

  /** The output of every layer, each [batch·seqLen × dim]; {@code valid} marks non-padding tokens. */
  public List<Tensor> states(Tape tape, int[] tokens, int batch, int seqLen, boolean[] valid) {
    int[] pos = Blocks.positions(batch, seqLen);
    Tensor x = tape.embed(embedding, tokens);
    List<Tensor> out = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      Tensor h = tape.rmsNorm(x, layer.selfNorm);
      x = tape.add(x, Blocks.attend(tape, layer.self, h, h, batch, seqLen, seqLen, config.heads(), pos, pos, false, valid));
      x = tape.add(x, layer.ffn.forward(tape, tape.rmsNorm(x, layer.ffnNorm)));
      out.add(x);
    }
    return out;
  }

  /** Masked-LM logits from the last layer's states. */
  public Tensor mlmLogits(Tape tape, Tensor lastStates) {
    return tape.matmulTransposed(tape.rmsNorm(lastStates, mlmNorm), embedding);
  }
}
