package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import io.streamlearn.models.Rng;
import java.util.Arrays;

/**
 * The stateless baseline: the same decoder without memory cross-attention, reading the whole
 * conversation so far as its prompt, so each turn costs more than the last.
 */
public final class StatelessChat {
  private static final int MAGIC = 0x53744331; // "StC1"

  final RxtConfig config;
  final Vocabulary vocabulary;
  final Parameters params = new Parameters();
  final Tensor embedding;
  final Decoder decoder;


  /** The parts training needs (the lab's trainer runs the decoder's differentiable forward pass on a {@link Tape}). */
  public RxtConfig config() {
    return config;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public Parameters params() {
    return params;
  }

  public Decoder decoder() {
    return decoder;
  }

  public StatelessChat(RxtConfig config, Vocabulary vocabulary, long seed) {
    this.config = config;
    this.vocabulary = vocabulary;
    Rng rng = new Rng(seed);
    embedding = params.create("embed", config.vocabSize(), config.dim(), 0.1, 0, rng);
    decoder = new Decoder(params, embedding, config, false, rng);
  }

  public long parameterCount() {
    return params.count();
  }

  /** The greedy answer to {@code query} after the earlier turns in {@code history}. */
  public String respond(List<? extends Interaction> history, String query) {
    return vocabulary.decode(Sampler.generate(decoder.session(null), conversation(history, query), config.slots(),
        Sampler.greedy()));
  }

  /** The prompt: every earlier interaction, then [BOS] [Q] query [A]. */
  int[] conversation(List<? extends Interaction> history, String query) {
    int[] past = transcript(history);
    int[] prompt = vocabulary.prompt(query);
    int[] out = Arrays.copyOf(past, past.length + prompt.length);
    System.arraycopy(prompt, 0, out, past.length, prompt.length);
    return out;
  }

  /** The interactions of {@code turns}, one after another. */
  public int[] transcript(List<? extends Interaction> turns) {
    int[][] parts = new int[turns.size()][];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = vocabulary.interaction(turns.get(i).query(), turns.get(i).answer());
      n += parts[i].length;
    }
    int[] out = new int[n];
    int o = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    config.write(out);
    vocabulary.write(out);
    params.write(out);
  }

  public static StatelessChat read(DataInput in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a stateless-baseline checkpoint");
    }
    RxtConfig config = RxtConfig.read(in);
    StatelessChat model = new StatelessChat(config, Vocabulary.read(in), 0);
    model.params.read(in);
    return model;
  }
}
