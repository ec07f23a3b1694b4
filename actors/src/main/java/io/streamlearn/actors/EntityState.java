package io.streamlearn.actors;

import java.util.Map;

/**
 * An entity's whole state and the input positions it reflects: what a snapshot record holds.
 *
 * @param version the logic's {@link EntityLogic#stateVersion()} when written
 * @param sourceOffsets per input {@code topic/partition}, the next offset not included
 * @param eventTimeMillis newest event time included
 * @param records records applied since the entity was created
 * @param state the bytes of {@link EntityLogic#writeState}
 */
public record EntityState(
    int version, Map<String, Long> sourceOffsets, long eventTimeMillis, long records, byte[] state) {

  public EntityState {
    sourceOffsets = Map.copyOf(sourceOffsets);
  }
}
