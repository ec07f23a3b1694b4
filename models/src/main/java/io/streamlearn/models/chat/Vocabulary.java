package io.streamlearn.models.chat;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Word-level tokenizer: lower-cased words and punctuation marks separated by whitespace, special
 * tokens first; unknown words map to [UNK]. "What is my name?" and "what is my name ?" are the same
 * tokens, so people can type as they do.
 */
public final class Vocabulary {
  public static final int PAD = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;
  public static final int QUERY = 3;
  public static final int ANSWER = 4;
  public static final int MASK = 5;
  public static final int UNKNOWN = 6;
  private static final List<String> SPECIALS = List.of("[PAD]", "[BOS]", "[EOS]", "[Q]", "[A]", "[MASK]", "[UNK]");

  private static final Pattern PUNCTUATION = Pattern.compile("([?!.,;:])");

  private final List<String> words;
  private final Map<String, Integer> ids = new HashMap<>();

  private Vocabulary(List<String> words) {
    this.words = List.copyOf(words);
    for (int i = 0; i < words.size(); i++) {
      ids.put(words.get(i), i);
    }
  }

  /** The special tokens followed by {@code words} (duplicates and specials dropped, order kept). */
  public static Vocabulary of(Collection<String> words) {
    LinkedHashSet<String> all = new LinkedHashSet<>(SPECIALS);
    all.addAll(words);
    return new Vocabulary(new ArrayList<>(all));
  }

  public int size() {
    return words.size();
  }

  public String word(int id) {
    return words.get(id);
  }

  public int id(String word) {
    return ids.getOrDefault(word, UNKNOWN);
  }

  public int[] encode(String text) {
    String trimmed = PUNCTUATION.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" $1 ").trim();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("\\s+");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = id(parts[i]);
    }
    return out;
  }

  /** Words of {@code tokens} joined by spaces, special tokens skipped. */
  public String decode(int[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      if (t < SPECIALS.size()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(words.get(t));
    }
    return sb.toString();
  }

  /** [BOS] [Q] query [A] answer [EOS]. */
  public int[] interaction(String query, String answer) {
    int[] q = encode(query);
    int[] a = encode(answer);
    int[] out = new int[q.length + a.length + 4];
    out[0] = BOS;
    out[1] = QUERY;
    System.arraycopy(q, 0, out, 2, q.length);
    out[q.length + 2] = ANSWER;
    System.arraycopy(a, 0, out, q.length + 3, a.length);
    out[out.length - 1] = EOS;
    return out;
  }

  /** [BOS] [Q] query [A]: the decoder's prompt. */
  public int[] prompt(String query) {
    int[] q = encode(query);
    int[] out = new int[q.length + 3];
    out[0] = BOS;
    out[1] = QUERY;
    System.arraycopy(q, 0, out, 2, q.length);
    out[out.length - 1] = ANSWER;
    return out;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(words.size());
    for (String w : words) {
      out.writeUTF(w);
    }
  }

  public static Vocabulary read(DataInput in) throws IOException {
    int n = in.readInt();
    List<String> words = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      words.add(in.readUTF());
    }
    if (!words.subList(0, Math.min(n, SPECIALS.size())).equals(SPECIALS)) {
      throw new IOException("vocabulary does not start with the special tokens");
    }
    return new Vocabulary(words);
  }
}
