package io.streamlearn.actors;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The per-entity state machine an {@link EntityActor} runs: plain Java, one instance per entity,
 * called by one actor at a time. It turns events (already decoded and validated) into outputs by
 * feeding its model. Deterministic: the same events in the same order give the same outputs, and
 * its whole state can be written and read back (snapshots).
 */
public interface EntityLogic<E, O> {

  EntityResult<O> handle(E event);

  /**
   * Work that follows an event but must not delay its outputs: the actor calls this after its reply
   * to {@link #handle} has gone out, before it takes its next message (the Reactive Transformer's
   * memory update after an answer). A snapshot taken with that reply is written before this runs,
   * so the state must hold whatever this still has to do.
   */
  default void afterReply() {}

  /** Version of the format {@link #writeState} writes; bump it when the format changes. */
  int stateVersion();

  void writeState(DataOutput out) throws IOException;

  /**
   * Restores a state written by {@link #writeState} into a fresh instance from the same factory,
   * after which it behaves exactly as the instance that wrote it.
   *
   * @throws IOException for a version this code does not read, or a corrupt state
   */
  void readState(DataInput in, int version) throws IOException;

  /** Creates the logic of one entity on its first event. */
  @FunctionalInterface
  interface Factory<E, O> {
    EntityLogic<E, O> create(String entityId);
  }
}
