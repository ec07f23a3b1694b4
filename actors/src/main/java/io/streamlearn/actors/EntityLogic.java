package io.streamlearn.actors;

/**
 * The per-entity state machine an {@link EntityActor} runs: plain Java, one instance per entity,
 * called by one actor at a time. It turns events (already decoded and validated) into outputs by
 * feeding its model. Deterministic: the same events in the same order give the same outputs.
 */
public interface EntityLogic<E, O> {

  EntityResult<O> handle(E event);

  /** Creates the logic of one entity on its first event. */
  @FunctionalInterface
  interface Factory<E, O> {
    EntityLogic<E, O> create(String entityId);
  }
}
