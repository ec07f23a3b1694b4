package io.streamlearn.actors;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor per entity (campaign, recording, conversation): it owns the entity's {@link EntityLogic},
 * applies events one at a time in arrival order and replies with what came of each. Sharding creates
 * it on the first event for its key and passivates it when idle.
 */
public final class EntityActor {

  private static final Logger log = LoggerFactory.getLogger(EntityActor.class);

  private EntityActor() {}

  /** Messages an entity understands; each names its entity so sharding can route it. */
  public interface Command {
    String entityId();
  }

  /** Apply one event and reply with its {@link EntityResult}. */
  public record Process(String entityId, Object event, ActorRef<EntityResult<?>> replyTo) implements Command {}

  public static <E, O> Behavior<Command> create(String entityId, EntityLogic.Factory<E, O> factory) {
    return Behaviors.setup(context -> {
      EntityLogic<E, O> logic = factory.create(entityId);
      return Behaviors.receive(Command.class)
          .onMessage(Process.class, process -> {
            process.replyTo().tell(apply(logic, entityId, process.event()));
            return Behaviors.same();
          })
          .build();
    });
  }

  @SuppressWarnings("unchecked")
  private static <E, O> EntityResult<O> apply(EntityLogic<E, O> logic, String entityId, Object event) {
    try {
      return logic.handle((E) event);
    } catch (RuntimeException e) {
      // A model that throws on an event is a bug or an input we failed to validate; either way the
      // event goes to the DLQ with the cause and the stream goes on, as for any bad record.
      log.error("entity {} failed on an event; sending it to the dead-letter topic", entityId, e);
      return EntityResult.reject("entity-error", e.toString());
    }
  }
}
