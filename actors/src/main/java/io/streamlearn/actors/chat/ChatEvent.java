package io.streamlearn.actors.chat;

/**
 * A decoded user turn that passed the checks needing no history (a turn number from 1, some text).
 *
 * @param eventMillis when the user sent it
 * @param number the turn's number within its conversation, from 1
 */
public record ChatEvent(String conversationId, long eventMillis, long number, String text) {}
