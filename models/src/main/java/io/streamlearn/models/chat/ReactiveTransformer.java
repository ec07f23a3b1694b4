package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.streamlearn.models.Rng;

/**
 * Reactive Transformer (Filipek, arXiv 2510.03561), written from the paper's description: a decoder
 * answers each query reading a fixed-size short-term memory, then the encoder reads the whole
 * interaction and memory attention writes it into the memory. Per-turn cost depends on the turn and the
 * memory size only, never on the conversation's length. Embedding shared by encoder, decoder and heads.
 */
public final class ReactiveTransformer {
  private static final int MAGIC = 0x52785431; // "RxT1"

  final RxtConfig config;
  final Vocabulary vocabulary;
  final Parameters params = new Parameters();
  final Tensor embedding;
  final Decoder decoder;
  final Encoder encoder;
  final MemoryAttention memoryAttention;

  /** The parts training needs (the lab's trainer runs their differentiable forward passes on a {@link Tape}). */
  public RxtConfig config() {
    return config;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public Parameters params() {
    return params;
  }

  public Encoder encoder() {
    return encoder;
  }

  public Decoder decoder() {
    return decoder;
  }

  public MemoryAttention memoryAttention() {
    return memoryAttention;
  }

  public ReactiveTransformer(RxtConfig config, Vocabulary vocabulary, long seed) {
    if (config.vocabSize() != vocabulary.size()) {
      throw new IllegalArgumentException("config vocabulary " + config.vocabSize() + " != " + vocabulary.size());
    }
    this.config = config;
    this.vocabulary = vocabulary;
    Rng rng = new Rng(seed);
    embedding = params.create("embed", config.vocabSize(), config.dim(), 0.1, 0, rng);
    decoder = new Decoder(params, embedding, config, true, rng);
    encoder = new Encoder(params, embedding, config, rng);
    memoryAttention = new MemoryAttention(params, config, rng);
  }

  public long parameterCount() {
    return params.count();
  }

  /** A fresh conversation's memory: N(0, stmSigma²) noise drawn from {@code seed}. */
  public ShortTermMemory initialMemory(long seed) {
    Rng rng = new Rng(seed);
    float[][] layers = new float[config.layers()][config.slots() * config.dim()];
    for (float[] layer : layers) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] = (float) (rng.nextGaussian() * config.stmSigma());
      }
    }
    return new ShortTermMemory(config.slots(), config.dim(), layers);
  }

  /** The greedy answer to {@code query} given the memory. */
  public String respond(ShortTermMemory stm, String query) {
    return respond(stm, query, Sampler.greedy());
  }

  public String respond(ShortTermMemory stm, String query, Sampler sampler) {
    return vocabulary.decode(respondTokens(stm, vocabulary.prompt(query), sampler));
  }

  int[] respondTokens(ShortTermMemory stm, int[] prompt, Sampler sampler) {
    checkShape(stm);
    int[] p = fitPrompt(prompt);
    // The answer plus [EOS] must fit the interaction the encoder reads afterwards.
    return Sampler.generate(decoder.session(stm.raw()), p, config.slots() - p.length - 1, sampler);
  }

  /** STM after the interaction (query, answer): encoder over [BOS][Q] query [A] answer [EOS], then memory attention. */
  public ShortTermMemory updateMemory(ShortTermMemory stm, String query, String answer) {
    return updateMemory(stm, vocabulary.interaction(query, answer));
  }

  ShortTermMemory updateMemory(ShortTermMemory stm, int[] interaction) {
    checkShape(stm);
    int t = config.slots();
    int[] tokens = Arrays.copyOf(interaction, t); // pads with [PAD] = 0, truncates overlong turns
    boolean[] valid = new boolean[t];
    for (int i = 0; i < t; i++) {
      valid[i] = tokens[i] != Vocabulary.PAD;
    }
    Tape tape = Tape.forwardOnly();
    List<Tensor> ed = encoder.states(tape, tokens, 1, t, valid);
    List<Tensor> memory = new ArrayList<>();
    for (float[] layer : stm.raw()) {
      memory.add(Tape.constant(config.slots(), config.dim(), layer.clone()));
    }
    List<Tensor> next = memoryAttention.update(tape, memory, ed, 1, valid, null);
    float[][] layers = new float[next.size()][];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = next.get(l).value;
    }
    return new ShortTermMemory(config.slots(), config.dim(), layers);
  }

  private int[] fitPrompt(int[] prompt) {
    int max = config.slots() - 2; // room for at least one answer token and [EOS]
    if (prompt.length <= max) {
      return prompt;
    }
    int[] p = Arrays.copyOf(prompt, max);
    p[max - 1] = Vocabulary.ANSWER;
    return p;
  }

  private void checkShape(ShortTermMemory stm) {
    if (stm.layers() != config.layers() || stm.slots() != config.slots() || stm.dim() != config.dim()) {
      throw new IllegalArgumentException("STM shape does not match the model");
    }
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    config.write(out);
    vocabulary.write(out);
    params.write(out);
  }

  public static ReactiveTransformer read(DataInput in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not an RxT checkpoint");
    }
    RxtConfig config = RxtConfig.read(in);
    ReactiveTransformer model = new ReactiveTransformer(config, Vocabulary.read(in), 0);
    model.params.read(in);
    return model;
  }
}
