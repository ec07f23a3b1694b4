package io.streamlearn.models.chat;

/** One exchange of a conversation: what the user said and what was answered. */
public interface Interaction {
  String query();

  String answer();
}
