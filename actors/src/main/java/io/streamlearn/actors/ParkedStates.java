package io.streamlearn.actors;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an entity's state goes when sharding stops it (passivation when idle, hand-off, shutdown)
 * and where the entity takes it back from when it is created again, so stopping an entity frees
 * its memory without losing what it learned.
 */
public interface ParkedStates {

  /** A stopped entity's whole state and the recovery generation it belongs to. */
  record Parked(EntityState state, long generation) {}

  /** Keeps the state of an entity that is stopping. */
  void park(String entityId, Parked parked);

  /** Takes back (and forgets) the state of an entity being created; empty if it has none. */
  CompletionStage<Optional<Parked>> take(String entityId);

  /** Keeps parked states in memory: for replays, which have no topic to write them to. */
  static ParkedStates inMemory() {
    Map<String, Parked> parked = new ConcurrentHashMap<>();
    return new ParkedStates() {
      @Override
      public void park(String entityId, Parked state) {
        parked.put(entityId, state);
      }

      @Override
      public CompletionStage<Optional<Parked>> take(String entityId) {
        return CompletableFuture.completedFuture(Optional.ofNullable(parked.remove(entityId)));
      }
    };
  }
}
