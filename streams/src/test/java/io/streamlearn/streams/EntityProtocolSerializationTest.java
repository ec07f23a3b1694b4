package io.streamlearn.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.EntityActor;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.actors.EntityState;
import io.streamlearn.actors.ads.AdsEvent;
import io.streamlearn.actors.ads.AdsOutput;
import io.streamlearn.actors.chat.ChatEvent;
import io.streamlearn.actors.chat.ChatOutput;
import io.streamlearn.actors.eeg.EegEvent;
import io.streamlearn.actors.eeg.EegOutput;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an entity is sent and replies survives the trip to another node of a cluster: each
 * message goes through the serializer the runtime's configuration binds (CBOR, never Java
 * serialization) and comes back equal, with every domain's events and outputs.
 */
class EntityProtocolSerializationTest {

  private static ActorSystem<Void> system;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "serialization", ConfigFactory.load());
    serialization = SerializationExtension.get(Adapter.toClassic(system));
  }

  @AfterAll
  static void stop() throws Exception {
    TestNode.stop(system);
  }

  private static <T> ActorRef<T> ref(String name) {
    return system.systemActorOf(Behaviors.<T>ignore(), name, org.apache.pekko.actor.typed.Props.empty());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertInstanceOf(JacksonCborSerializer.class, serializer, message.getClass() + " is bound to CBOR");
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
    assertEquals(message.getClass(), back.getClass());
    assertArrayEquals(bytes, serialization.serialize(back).get(), "serialized again, the same bytes");
    return (T) back;
  }

  @Test
  void processCarriesEachDomainsEventByItsClass() {
    ActorRef<EntityActor.Replies> replyTo = ref("process-replies");
    var source = new EntityActor.Source("ads.impressions", 2, 41L);
    List<Object> events = List.of(
        new AdsEvent.Impression("c-1", 1_000L, new double[] {1.5, 2.25}, new long[] {10, 20}),
        new AdsEvent.Outcome("c-1", 2_000L, 7),
        new EegEvent("rec-1", 3_000L, 128.0, List.of("Fp1", "Fp2"), List.of("uV", "uV"),
            new double[][] {{1, 2, 3}, {-1, Double.MIN_VALUE, 1e300}}),
        new ChatEvent("conv-1", 4_000L, 3, "what did I say first?"));
    List<EntityActor.Event> batch = events.stream().map(e -> new EntityActor.Event(e, 5_000L, source, true)).toList();
    EntityActor.Process back = roundTrip(new EntityActor.Process("e-1", batch, 7L, replyTo));
    assertEquals(events.stream().map(Object::getClass).toList(),
        back.events().stream().map(e -> e.event().getClass()).toList());
    for (EntityActor.Event event : back.events()) {
      assertEquals(source, event.source());
      assertTrue(event.snapshotNow());
    }
    assertEquals(7L, back.generation());
    assertEquals(replyTo, back.replyTo());
    AdsEvent.Impression impression = (AdsEvent.Impression) roundTrip(
        EntityActor.Process.of("c-1", events.get(0), 1_000L, source, 1L, replyTo)).events().get(0).event();
    assertArrayEquals(new double[] {1.5, 2.25}, impression.spend());
    EegEvent block = (EegEvent) roundTrip(EntityActor.Process.of("rec-1", events.get(2), 3_000L, source, 1L,
        replyTo)).events().get(0).event();
    assertArrayEquals(new double[] {-1, Double.MIN_VALUE, 1e300}, block.samples()[1]);
  }

  @Test
  void replyCarriesOutputsRejectionsAndTheSnapshot() {
    var decision = new AdsOutput("c-1", 4, 0L, 3_600_000L, "dynlin-ucb", new double[] {0.25, 0.75},
        new double[] {1.0, 1.1}, 2, true, 3.5, 0.5, 3, 12, 1.0);
    var prediction = new EegOutput.Prediction("rec-1", 0L, 1_000L, new double[] {1, 2}, new double[] {0.1, 0.2},
        Double.NaN, new int[] {1, 13}, new double[][] {{1, 2}, {3, 4}}, new double[][][] {{{1}}, {{2}}, {{3}}},
        new int[] {0, 1});
    var alert = new EegOutput.Alert("rec-1", 1_000L, null, 4.5, List.of("Fp1"), 2_000L, false);
    var answer = new ChatOutput("conv-1", 4_000L, 3, "you said hello", 120L, 80L);
    var state = new EntityState(2, Map.of("ads.impressions/2", 42L), 5_000L, 9, new byte[] {1, 2, 3});

    var replies = roundTrip(new EntityActor.Replies(List.of(
        new EntityActor.Reply(EntityResult.emit(List.of(decision, prediction, alert, answer)), state),
        new EntityActor.Reply(EntityResult.reject("late", "round 3 closed"), null))));
    var reply = replies.replies().get(0);
    List<?> outputs = ((EntityResult.Emit<?>) reply.result()).outputs();
    assertEquals(List.of(AdsOutput.class, EegOutput.Prediction.class, EegOutput.Alert.class, ChatOutput.class),
        outputs.stream().map(Object::getClass).toList());
    assertTrue(Double.isNaN(((EegOutput.Prediction) outputs.get(1)).anomalyScore()));
    assertNull(((EegOutput.Alert) outputs.get(2)).endMillis());
    assertEquals(answer, outputs.get(3));
    assertEquals(Map.of("ads.impressions/2", 42L), reply.snapshot().sourceOffsets());
    assertArrayEquals(new byte[] {1, 2, 3}, reply.snapshot().state());

    var rejected = replies.replies().get(1);
    assertEquals(EntityResult.reject("late", "round 3 closed"), rejected.result());
    assertNull(rejected.snapshot());
  }

  @Test
  void restoreParkAndLocateTravelToo() {
    ActorRef<Done> done = ref("done-replies");
    var state = new EntityState(1, Map.of("eeg.blocks/0", 3L), 9L, 3, new byte[] {9});
    assertArrayEquals(new byte[] {9}, roundTrip(new EntityActor.Restore("rec-1", state, 4L, done)).state().state());
    assertNull(roundTrip(new EntityActor.Restore("rec-1", null, 4L, done)).state());
    assertEquals("rec-1", roundTrip(new EntityActor.Park("rec-1", done)).entityId());
    ActorRef<String> where = ref("locate-replies");
    assertEquals(where, roundTrip(new EntityActor.Locate("\u0000locate-3", where)).replyTo());
  }
}
