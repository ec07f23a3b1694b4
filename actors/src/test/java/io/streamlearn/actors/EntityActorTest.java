package io.streamlearn.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.DataInput;
import java.io.DataOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EntityActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Logs what it does; its work after a reply waits for {@code release}. */
  private static final class SlowFollowUp implements EntityLogic<String, String> {
    final List<String> log;
    final CountDownLatch release;

    SlowFollowUp(List<String> log, CountDownLatch release) {
      this.log = log;
      this.release = release;
    }

    @Override
    public EntityResult<String> handle(String event) {
      log.add("handle " + event);
      return EntityResult.emit(List.of(event));
    }

    @Override
    public void afterReply() {
      log.add("after reply");
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int stateVersion() {
      return 1;
    }

    @Override
    public void writeState(DataOutput out) {}

    @Override
    public void readState(DataInput in, int version) {}
  }

  private static ActorRef<EntityActor.Command> spawnSlowFollowUp(List<String> log, CountDownLatch release) {
    return testKit.spawn(EntityActor.create("e", id -> new SlowFollowUp(log, release), SnapshotPolicy.NEVER,
        ParkedStates.inMemory()));
  }

  @Test
  void theReplyGoesOutBeforeTheWorkThatFollowsItAndTheNextEventWaitsForThatWork() {
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<EntityActor.Command> entity = spawnSlowFollowUp(log, release);
    TestProbe<EntityActor.Replies> replies = testKit.createTestProbe();
    entity.tell(EntityActor.Process.of("e", "one", 0, new EntityActor.Source("in", 0, 0), 0, replies.ref()));
    entity.tell(EntityActor.Process.of("e", "two", 0, new EntityActor.Source("in", 0, 1), 0, replies.ref()));

    EntityActor.Reply first = replies.receiveMessage(Duration.ofSeconds(10)).replies().get(0);
    assertEquals(List.of("one"), assertInstanceOf(EntityResult.Emit.class, first.result()).outputs());
    // The work after "one" is still blocked, so "two" has not been handled.
    replies.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of("handle one", "after reply"), log);

    release.countDown();
    EntityActor.Reply second = replies.receiveMessage(Duration.ofSeconds(10)).replies().get(0);
    assertEquals(List.of("two"), assertInstanceOf(EntityResult.Emit.class, second.result()).outputs());
    assertEquals(List.of("handle one", "after reply", "handle two"), log.subList(0, 3));
  }

  @Test
  void aBatchAppliesItsEventsInOrderWithEachOnesFollowUpWorkBeforeTheNextAndSkipsWhatWasApplied() {
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(0);
    ActorRef<EntityActor.Command> entity = spawnSlowFollowUp(log, release);
    TestProbe<EntityActor.Replies> replies = testKit.createTestProbe();
    EntityActor.Source in0 = new EntityActor.Source("in", 0, 0);
    EntityActor.Source in1 = new EntityActor.Source("in", 0, 1);
    entity.tell(new EntityActor.Process("e", List.of(new EntityActor.Event("one", 0, in0, false),
        new EntityActor.Event("two", 0, in1, false), new EntityActor.Event("one again", 0, in0, false)), 0,
        replies.ref()));

    List<EntityActor.Reply> batch = replies.receiveMessage(Duration.ofSeconds(10)).replies();
    assertEquals(3, batch.size());
    assertEquals(List.of("one"), assertInstanceOf(EntityResult.Emit.class, batch.get(0).result()).outputs());
    assertEquals(List.of("two"), assertInstanceOf(EntityResult.Emit.class, batch.get(1).result()).outputs());
    // Offset 0 again, in the same batch: already applied, so nothing comes of it.
    assertEquals(List.of(), assertInstanceOf(EntityResult.Emit.class, batch.get(2).result()).outputs());
    replies.expectNoMessage(Duration.ofMillis(200));
    assertEquals(List.of("handle one", "after reply", "handle two", "after reply"), log);
  }
}
