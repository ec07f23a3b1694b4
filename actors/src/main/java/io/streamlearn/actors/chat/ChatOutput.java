package io.streamlearn.actors.chat;

/**
 * The model's answer to one turn (see the {@code chat.responses} schema).
 *
 * @param eventMillis event time of the turn answered
 * @param respondMicros wall time the decoder took to produce this answer
 * @param memoryUpdateMicros wall time of the memory update after the previous turn, which ran after
 *     that turn's answer had gone out; 0 on a conversation's first turn
 */
public record ChatOutput(String conversationId, long eventMillis, long turn, String text, long respondMicros,
    long memoryUpdateMicros) {}
