package io.streamlearn.models.chat;

import io.streamlearn.models.chat.Blocks.Attention;
import io.streamlearn.models.chat.Blocks.Gate;
import java.util.ArrayList;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Writes an interaction into short-term memory, per layer l: the memory slots query the encoded data,
 * Update = Attn(Q = norm STM_l, K = V = norm ED_l), and a per-slot sigmoid gate blends
 * STM_l ← (1 − G) ⊙ STM_l + G ⊙ Update. The interlayer variant first lets each layer attend to the
 * mean of all memory layers (its own gate), then to ED_l.
 */
public final class MemoryAttention {
  private record Layer(Tensor stmNorm, Tensor edNorm, Attention attention, Gate gate, Tensor interStmNorm,
      Tensor interMeanNorm, Attention interAttention, Gate interGate) {}

  private final RxtConfig config;
  private final List<Layer> layers = new ArrayList<>();

  MemoryAttention(Parameters p, RxtConfig c, Rng rng) {
    this.config = c;
    int d = c.dim();
    boolean inter = c.memoryVariant() == RxtConfig.MemoryVariant.INTERLAYER;
    for (int l = 0; l < c.layers(); l++) {
      String n = "mem." + l;
      layers.add(new Layer(Blocks.gain(p, n + ".stm_norm", d, rng), Blocks.gain(p, n + ".ed_norm", d, rng),
          Attention.create(p, n + ".attn", d, 1, rng), Gate.create(p, n + ".gate", c.slots(), rng),
          inter ? Blocks.gain(p, n + ".inter_stm_norm", d, rng) : null,
          inter ? Blocks.gain(p, n + ".inter_mean_norm", d, rng) : null,
          inter ? Attention.create(p, n + ".inter_attn", d, 1, rng) : null,
          inter ? Gate.create(p, n + ".inter_gate", c.slots(), rng) : null));
    }
  }

  /**
   * The next STM, one [batch·slots × dim] tensor per layer, from the current one and the encoder's
   * per-layer states [batch·seqLen × dim]; {@code edValid} masks padding. If {@code gates} is not null,
   * gates[l] receives layer l's last gate values (batch·slots).
   */
  public List<Tensor> update(Tape tape, List<Tensor> stm, List<Tensor> ed, int batch, boolean[] edValid, float[][] gates) {
    int slots = config.slots();
    int heads = config.heads();
    Tensor mean = layers.get(0).interAttention != null ? tape.mean(stm) : null;
    List<Tensor> out = new ArrayList<>(layers.size());
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      Tensor s = stm.get(l);
      if (mean != null) {
        Tensor update = Blocks.attend(tape, layer.interAttention, tape.rmsNorm(s, layer.interStmNorm),
            tape.rmsNorm(mean, layer.interMeanNorm), batch, slots, slots, heads, null, null, false, null);
        s = tape.gatedResidual(s, update, layer.interGate.weight(), layer.interGate.bias(), slots, null);
      }
      Tensor e = ed.get(l);
      Tensor update = Blocks.attend(tape, layer.attention, tape.rmsNorm(s, layer.stmNorm), tape.rmsNorm(e, layer.edNorm),
          batch, slots, e.rows / batch, heads, null, null, false, edValid);
      out.add(tape.gatedResidual(s, update, layer.gate.weight(), layer.gate.bias(), slots,
          gates == null ? null : gates[l]));
    }
    return out;
  }
}
