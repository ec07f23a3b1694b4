package io.streamlearn.actors;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor per entity (campaign, recording, conversation): it owns the entity's {@link EntityLogic},
 * applies events one at a time in arrival order and replies with what came of each, plus a snapshot
 * of its whole state when the {@link SnapshotPolicy} says so. Sharding creates it on the first
 * event for its key and stops it with {@link Passivate} when idle (or handing its shard off); a
 * stopping entity parks its state in {@link ParkedStates}, and takes it back, before anything
 * else, when it is created again.
 *
 * <p>Exactly-once bookkeeping: the actor remembers, per input partition, the next offset it has
 * not applied, and applies every offset at most once (a redelivered record changes nothing). A
 * recovery of the entity's partition bumps a generation number: the recovery {@link Restore}s the
 * entities it knows from their snapshots, and an entity that a newer generation reaches without a
 * restore had no committed history, so it starts afresh.
 */
public final class EntityActor extends AbstractBehavior<EntityActor.Command> {

  private static final Logger log = LoggerFactory.getLogger(EntityActor.class);

  /**
   * Messages an entity understands; each names its entity so sharding can route it. They cross
   * nodes of a cluster as CBOR (Pekko's Jackson serializer, bound in streamlearn-pekko.conf): the
   * domain's event and output records go by class name.
   */
  public interface Command {
    String entityId();
  }

  /** Where an event was read: its input partition and offset. */
  public record Source(String topic, int partition, long offset) {
    String partitionKey() {
      return topic + "/" + partition;
    }
  }

  /**
   * One event to apply, where it was read, and whether a snapshot should follow it: the pipeline
   * asks for one when the entity holds its partition's checkpoint back.
   */
  public record Event(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object event, long eventTimeMillis, Source source,
      boolean snapshotNow) {}

  /**
   * Apply the entity's events in order and reply with one {@link Reply} per event (and a snapshot
   * in it where one is due). The pipeline sends one per entity for the records of a batch, so the
   * message hops are per entity and batch, not per record.
   */
  public record Process(String entityId, List<Event> events, long generation, ActorRef<Replies> replyTo)
      implements Command {

    /** A single event. */
    public static Process of(String entityId, Object event, long eventTimeMillis, Source source, long generation,
        ActorRef<Replies> replyTo) {
      return new Process(entityId, List.of(new Event(event, eventTimeMillis, source, false)), generation, replyTo);
    }
  }

  /** What came of a {@link Process}: one {@link Reply} per event, in order. */
  public record Replies(List<Reply> replies) {}

  /** Replace the entity's state with a snapshot (or a fresh state when null), for a recovery. */
  public record Restore(String entityId, EntityState state, long generation, ActorRef<Done> replyTo) implements Command {}

  /** What came of one event; {@code snapshot} is null unless one was due. */
  public record Reply(EntityResult<?> result, EntityState snapshot) {}

  /** Sharding's stop message (idle passivation, shard hand-off): park the state and stop. */
  public enum Passivate implements Command {
    INSTANCE;

    @Override
    public String entityId() {
      return "";
    }
  }

  /**
   * Reply with the address of the node this entity runs on. A recovery sends it to an entity of
   * the shard it is about to restore, to learn whether the shard has left its previous node.
   */
  public record Locate(String entityId, ActorRef<String> replyTo) implements Command {}

  /** Park the state and stop, then reply: a node shutting down stops its entities this way. */
  public record Park(String entityId, ActorRef<Done> replyTo) implements Command {}

  /** The parked state, if any, taken back at creation. */
  private record Loaded(Optional<ParkedStates.Parked> parked, Throwable error) implements Command {
    @Override
    public String entityId() {
      return "";
    }
  }

  /** Messages held while the parked state loads: at most the asks in flight plus a replay batch. */
  private static final int STASH_CAPACITY = 10_000;

  private static final Reply NOTHING = new Reply(EntityResult.none(), null);

  private final String entityId;
  private final EntityLogic.Factory<?, ?> factory;
  private final SnapshotPolicy snapshots;
  private final ParkedStates parkedStates;

  private EntityLogic<Object, Object> logic;
  private long generation;
  private Map<String, Long> nextOffsets = new HashMap<>();
  private long records;
  private long eventTime = Long.MIN_VALUE;
  private long recordsSinceSnapshot;
  private long eventTimeAtSnapshot = Long.MIN_VALUE;

  public static <E, O> Behavior<Command> create(String entityId, EntityLogic.Factory<E, O> factory,
      SnapshotPolicy snapshots, ParkedStates parkedStates) {
    return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(context -> {
      context.pipeToSelf(parkedStates.take(entityId), Loaded::new);
      return Behaviors.receive(Command.class)
          .onMessage(Loaded.class, loaded -> {
            if (loaded.error() != null) {
              throw new IllegalStateException("cannot take back the parked state of entity " + entityId, loaded.error());
            }
            EntityActor entity = new EntityActor(context, entityId, factory, snapshots, parkedStates);
            loaded.parked().ifPresent(p -> entity.reset(p.state(), p.generation()));
            return stash.unstashAll(entity);
          })
          .onAnyMessage(message -> {
            stash.stash(message);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private EntityActor(ActorContext<Command> context, String entityId, EntityLogic.Factory<?, ?> factory,
      SnapshotPolicy snapshots, ParkedStates parkedStates) {
    super(context);
    this.entityId = entityId;
    this.factory = factory;
    this.snapshots = snapshots;
    this.parkedStates = parkedStates;
    this.logic = fresh();
  }

  @SuppressWarnings("unchecked")
  private EntityLogic<Object, Object> fresh() {
    return (EntityLogic<Object, Object>) factory.create(entityId);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Process.class, this::onProcess)
        .onMessage(Restore.class, this::onRestore)
        .onMessage(Locate.class, locate -> {
          locate.replyTo().tell(getContext().getSystem().address().toString());
          return this;
        })
        .onMessage(Passivate.class, passivate -> park())
        .onMessage(Park.class, request -> {
          Behavior<Command> stopped = park();
          request.replyTo().tell(Done.getInstance());
          return stopped;
        })
        .build();
  }

  private Behavior<Command> onProcess(Process process) {
    if (process.generation() > generation) {
      reset(null, process.generation());
    }
    // Older generation: an ask of a stream that has since restarted; its outputs are void anyway.
    boolean stale = process.generation() < generation;
    List<Reply> replies = new ArrayList<>(process.events().size());
    boolean workOwed = false;
    for (Event event : process.events()) {
      String partition = event.source().partitionKey();
      if (stale || event.source().offset() < nextOffsets.getOrDefault(partition, Long.MIN_VALUE)) {
        replies.add(NOTHING);
        continue;
      }
      // The work after an event's reply must be done before the next event (chat: the memory
      // update); only the last event's work waits until the replies are out.
      if (workOwed) {
        afterReply();
      }
      replies.add(apply(event, partition));
      workOwed = true;
    }
    process.replyTo().tell(new Replies(replies));
    if (workOwed) {
      afterReply();
    }
    return this;
  }

  private Reply apply(Event event, String partition) {
    EntityResult<?> result = apply(event.event());
    nextOffsets.put(partition, event.source().offset() + 1);
    records++;
    recordsSinceSnapshot++;
    eventTime = Math.max(eventTime, event.eventTimeMillis());
    if (eventTimeAtSnapshot == Long.MIN_VALUE) {
      eventTimeAtSnapshot = eventTime;
    }
    EntityState snapshot = null;
    if (event.snapshotNow() || snapshots.due(recordsSinceSnapshot, eventTime - eventTimeAtSnapshot)) {
      snapshot = capture();
      recordsSinceSnapshot = 0;
      eventTimeAtSnapshot = eventTime;
    }
    return new Reply(result, snapshot);
  }

  private void afterReply() {
    try {
      logic.afterReply();
    } catch (RuntimeException e) {
      // Its event's outputs are out already; a failure here is a bug the next event may hit again.
      log.error("entity {} failed after its reply", entityId, e);
    }
  }

  private Behavior<Command> onRestore(Restore restore) {
    reset(restore.state(), restore.generation());
    restore.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> park() {
    if (records > 0) {
      parkedStates.park(entityId, new ParkedStates.Parked(capture(), generation));
    }
    return Behaviors.stopped();
  }

  private void reset(EntityState state, long newGeneration) {
    logic = fresh();
    generation = newGeneration;
    nextOffsets = new HashMap<>();
    records = 0;
    eventTime = Long.MIN_VALUE;
    if (state != null) {
      try {
        logic.readState(new DataInputStream(new ByteArrayInputStream(state.state())), state.version());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot restore entity " + entityId + " from its snapshot", e);
      }
      nextOffsets.putAll(state.sourceOffsets());
      records = state.records();
      eventTime = state.eventTimeMillis();
    }
    recordsSinceSnapshot = 0;
    eventTimeAtSnapshot = eventTime;
  }

  private EntityState capture() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      logic.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state of entity " + entityId, e);
    }
    return new EntityState(logic.stateVersion(), nextOffsets, eventTime, records, bytes.toByteArray());
  }

  private EntityResult<?> apply(Object event) {
    try {
      return logic.handle(event);
    } catch (RuntimeException e) {
      // A model that throws on an event is a bug or an input we failed to validate; either way the
      // event goes to the DLQ with the cause and the stream goes on, as for any bad record.
      log.error("entity {} failed on an event; sending it to the dead-letter topic", entityId, e);
      return EntityResult.reject("entity-error", e.toString());
    }
  }
}
