package io.streamlearn.traffic.chat;

import io.streamlearn.models.chat.Interaction;
import io.streamlearn.models.chat.RxtConfig;

import io.streamlearn.models.chat.Vocabulary;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.streamlearn.models.Rng;

/**
 * Synthetic multi-turn dialogues for fact recall: a user states facts (name, city, number, colour),
 * chats about other things, and later asks for one. Every value is two or three word pieces ("ka ro",
 * "ber lin sto", "4 7 1", "pale red", "blue green"), from 496 to 1,872 combinations per fact: too many
 * to memorise, so the model has to copy pieces in order (with 48 to 144 two-piece combinations it
 * memorised them and recalled unseen ones badly). The combinations are split once (seeded) into train,
 * validation and test, so test dialogues ask for values never seen in training (not even as a
 * "repeat ..." turn), built from pieces that were.
 */
public final class FactDialogues {
  public enum Split { TRAIN, VALIDATION, TEST }

  public enum Fact {
    NAME("my name is", "what is my name ?"),
    CITY("i live in", "where do i live ?"),
    NUMBER("my number is", "what is my number ?"),
    COLOUR("my colour is", "what is my colour ?");

    final String statement;
    final String question;

    Fact(String statement, String question) {
      this.statement = statement;
      this.question = question;
    }
  }

  public record Turn(String query, String answer) implements Interaction {
    /** Whether the answer must come from memory: a fact question. */
    public boolean recalls() {
      for (Fact f : Fact.values()) {
        if (query.equals(f.question)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A dialogue whose turn {@code probeTurn} asks for the fact stated at {@code factTurn}; the recall
   * distance is k = probeTurn − factTurn.
   */
  public record Dialogue(List<Turn> turns, int factTurn, int probeTurn, Fact fact, String value) {
    public int distance() {
      return probeTurn - factTurn;
    }
  }

  private static final String[] NAME_PIECES = {"ka", "ro", "mi", "ten", "lu", "sa", "bo", "ne", "vi", "da", "jo", "ri"};
  private static final String[] CITY_PIECES = {"ber", "lin", "pa", "dor", "mos", "tan", "gra", "vel", "qui", "sto"};
  private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  private static final String[] SHADES = {"light", "dark", "pale", "deep", "bright", "dull"};
  private static final String[] HUES = {"red", "blue", "green", "yellow", "purple", "orange", "pink", "grey"};
  private static final String[][] SMALL_TALK = {
      {"hello", "hi"}, {"how are you ?", "i am fine"}, {"thank you", "you are welcome"},
      {"what is the weather ?", "it is sunny"}, {"tell me a joke", "not today"}, {"good morning", "good morning"}};
  private static final String FACT_ACK = "ok";
  /** How often a filler turn asks for a fact already stated, states a new one, or asks to repeat pieces; the rest is small talk. */
  private static final double ASK_RATE = 0.35;
  private static final double STATE_RATE = 0.25;
  private static final double REPEAT_RATE = 0.2;
  /** Longest interaction the templates produce, in tokens with [BOS] [Q] [A] [EOS]: what the tiny model is sized for. */
  public static final int MAX_INTERACTION_TOKENS = RxtConfig.MAX_INTERACTION_TOKENS;

  private final Map<Fact, Map<Split, List<String>>> values = new EnumMap<>(Fact.class);
  /** Validation and test values of every fact: training "repeat ..." turns never say them. */
  private final Set<String> heldOut = new HashSet<>();

  /** @param splitSeed fixes which value combinations are train, validation and test */
  public FactDialogues(long splitSeed) {
    Rng rng = new Rng(splitSeed);
    for (Fact f : Fact.values()) {
      List<String> all = allValues(f);
      for (int i = all.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        String t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      int test = Math.max(1, all.size() / 5);
      int validation = Math.max(1, all.size() / 10);
      Map<Split, List<String>> bySplit = new EnumMap<>(Split.class);
      bySplit.put(Split.TEST, List.copyOf(all.subList(0, test)));
      bySplit.put(Split.VALIDATION, List.copyOf(all.subList(test, test + validation)));
      bySplit.put(Split.TRAIN, List.copyOf(all.subList(test + validation, all.size())));
      values.put(f, bySplit);
      heldOut.addAll(bySplit.get(Split.TEST));
      heldOut.addAll(bySplit.get(Split.VALIDATION));
    }
  }

  private static List<String> allValues(Fact f) {
    List<String> out = new ArrayList<>();
    switch (f) {
      case NAME -> {
        pairs(NAME_PIECES, NAME_PIECES, out);
        triples(NAME_PIECES, out);
      }
      case CITY -> {
        pairs(CITY_PIECES, CITY_PIECES, out);
        triples(CITY_PIECES, out);
      }
      case COLOUR -> {
        pairs(SHADES, HUES, out);
        pairs(HUES, HUES, out);
        for (String shade : SHADES) {
          for (String hue : HUES) {
            for (String second : HUES) {
              out.add(shade + " " + hue + " " + second);
            }
          }
        }
      }
      case NUMBER -> {
        for (String a : DIGITS) {
          for (String b : DIGITS) {
            for (String c : DIGITS) {
              out.add(a + " " + b + " " + c);
            }
          }
        }
      }
    }
    return out;
  }

  private static void pairs(String[] first, String[] second, List<String> out) {
    for (String a : first) {
      for (String b : second) {
        out.add(a + " " + b);
      }
    }
  }

  private static void triples(String[] pieces, List<String> out) {
    for (String a : pieces) {
      for (String b : pieces) {
        for (String c : pieces) {
          out.add(a + " " + b + " " + c);
        }
      }
    }
  }

  public List<String> values(Fact fact, Split split) {
    return values.get(fact).get(split);
  }

  /** Every word the dialogues can contain. */
  public static Vocabulary vocabulary() {
    Set<String> words = new LinkedHashSet<>();
    for (Fact f : Fact.values()) {
      addWords(words, f.statement);
      addWords(words, f.question);
    }
    addWords(words, FACT_ACK + " repeat");
    for (String[] pair : SMALL_TALK) {
      addWords(words, pair[0]);
      addWords(words, pair[1]);
    }
    for (String[] pieces : new String[][] {NAME_PIECES, CITY_PIECES, DIGITS, SHADES, HUES}) {
      words.addAll(List.of(pieces));
    }
    return Vocabulary.of(words);
  }

  private static void addWords(Set<String> words, String text) {
    words.addAll(List.of(text.split(" ")));
  }

  /**
   * A dialogue of {@code turns} turns in which one fact is stated and asked for {@code k} turns later;
   * the other turns are small talk, "repeat ..." requests, and other facts stated and asked.
   */
  public Dialogue dialogue(Split split, int turns, int k, Rng rng) {
    if (k < 1 || k >= turns) {
      throw new IllegalArgumentException("need 1 <= k < turns");
    }
    Fact fact = Fact.values()[rng.nextInt(Fact.values().length)];
    String value = pick(values(fact, split), rng);
    int factTurn = rng.nextInt(turns - k);
    int probeTurn = factTurn + k;
    Map<Fact, String> stated = new EnumMap<>(Fact.class);
    List<Turn> out = new ArrayList<>(turns);
    for (int t = 0; t < turns; t++) {
      if (t == factTurn) {
        out.add(new Turn(fact.statement + " " + value, FACT_ACK));
      } else if (t == probeTurn) {
        out.add(new Turn(fact.question, value));
        // Asked once, it may be asked again: more recall answers per training dialogue.
        stated.put(fact, value);
      } else {
        out.add(filler(split, fact, stated, rng));
      }
    }
    return new Dialogue(out, factTurn, probeTurn, fact, value);
  }

  private Turn filler(Split split, Fact reserved, Map<Fact, String> stated, Rng rng) {
    double u = rng.nextDouble();
    if (!stated.isEmpty() && u < ASK_RATE) {
      List<Fact> known = new ArrayList<>(stated.keySet());
      Fact f = known.get(rng.nextInt(known.size()));
      return new Turn(f.question, stated.get(f));
    }
    List<Fact> open = new ArrayList<>();
    for (Fact f : Fact.values()) {
      if (f != reserved && !stated.containsKey(f)) {
        open.add(f);
      }
    }
    if (!open.isEmpty() && u < ASK_RATE + STATE_RATE) {
      Fact f = open.get(rng.nextInt(open.size()));
      String v = pick(values(f, split), rng);
      stated.put(f, v);
      return new Turn(f.statement + " " + v, FACT_ACK);
    }
    if (u < ASK_RATE + STATE_RATE + REPEAT_RATE) {
      String[][] pools = {NAME_PIECES, CITY_PIECES, DIGITS, HUES};
      String said;
      do {
        said = randomPieces(pools[rng.nextInt(pools.length)], 1 + rng.nextInt(3), rng);
      } while (split == Split.TRAIN && heldOut.contains(said));
      return new Turn("repeat " + said, said);
    }
    String[] pair = SMALL_TALK[rng.nextInt(SMALL_TALK.length)];
    return new Turn(pair[0], pair[1]);
  }

  private static String randomPieces(String[] pool, int n, Rng rng) {
    StringBuilder said = new StringBuilder();
    for (int i = 0; i < n; i++) {
      said.append(i == 0 ? "" : " ").append(pool[rng.nextInt(pool.length)]);
    }
    return said.toString();
  }

  private static String pick(List<String> list, Rng rng) {
    return list.get(rng.nextInt(list.size()));
  }
}
