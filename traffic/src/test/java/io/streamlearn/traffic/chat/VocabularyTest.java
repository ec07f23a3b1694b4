package io.streamlearn.traffic.chat;

import io.streamlearn.models.chat.Vocabulary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VocabularyTest {

  private final Vocabulary vocabulary = FactDialogues.vocabulary();

  @Test
  void textIsReadAsPeopleTypeIt() {
    assertArrayEquals(vocabulary.encode("what is my name ?"), vocabulary.encode("What is my name?"));
    assertArrayEquals(vocabulary.encode("hello"), vocabulary.encode("  HELLO \t"));
  }

  @Test
  void unknownWordsAreUnknownAndNothingIsEmpty() {
    int[] tokens = vocabulary.encode("hello zyzzyva");
    assertEquals(Vocabulary.UNKNOWN, tokens[1]);
    assertEquals(0, vocabulary.encode("   ").length);
  }
}
