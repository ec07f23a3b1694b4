package io.streamlearn.streams;

import io.streamlearn.models.Rng;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.SnapshotPolicy;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.schemas.EntitySnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceWithContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one flow of every run, over an in-process stream of records and real entity actors (no broker). */
class DomainFlowTest {

  private static final long T0 = 1_767_225_600_000L;
  private static final AtomicInteger DOMAINS = new AtomicInteger();
  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = TestNode.start("domain-flow", ConfigFactory.load());
  }

  @AfterAll
  static void stop() throws Exception {
    TestNode.stop(system);
  }

  /** A domain of its own: every test gets a fresh entity type with its own snapshot policy. */
  private static CounterDomain domain() {
    return new CounterDomain("counter" + DOMAINS.incrementAndGet());
  }

  private static ConsumerRecord<byte[], byte[]> record(CounterDomain domain, String key, int partition, long offset, String value) {
    return new ConsumerRecord<>(domain.events(), partition, offset, T0 + offset, TimestampType.CREATE_TIME, -1, -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
  }

  private static <C> List<Pair<List<ProducerRecord<byte[], byte[]>>, C>> run(CounterDomain domain, SnapshotPolicy snapshots,
      PartitionGate gate, PipelineMetrics metrics, List<Pair<ConsumerRecord<byte[], byte[]>, C>> input) throws Exception {
    EntityRouter router = EntityRouter.hashed(system, domain, 4, Duration.ofSeconds(10), snapshots)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletionStage<List<Pair<List<ProducerRecord<byte[], byte[]>>, C>>> done = SourceWithContext.fromPairs(Source.from(input))
        .via(DomainFlow.<C>create(domain, router, 16, 8, metrics, gate))
        .asSource()
        .runWith(Sink.seq(), system);
    return done.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** What the flow emits for each record, in order (the context is the record's index). */
  private static List<List<ProducerRecord<byte[], byte[]>>> outputs(CounterDomain domain, SnapshotPolicy snapshots,
      PartitionGate gate, PipelineMetrics metrics, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
    List<Pair<ConsumerRecord<byte[], byte[]>, Integer>> input = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      input.add(Pair.create(records.get(i), i));
    }
    return run(domain, snapshots, gate, metrics, input).stream().map(Pair::first).toList();
  }

  private static List<List<ProducerRecord<byte[], byte[]>>> outputs(CounterDomain domain, SnapshotPolicy snapshots,
      List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
    return outputs(domain, snapshots, PartitionGate.OPEN, new PipelineMetrics(new SimpleMeterRegistry(), domain.name()), records);
  }

  private static String text(ProducerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<List<ProducerRecord<byte[], byte[]>>> outputs) {
    return outputs.stream().flatMap(List::stream).map(DomainFlowTest::text).toList();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void eachEntitysOutputsFollowItsInputOrderWhileEntitiesInterleave() throws Exception {
    CounterDomain domain = domain();
    Rng random = new Rng(7);
    List<String> keys = List.of("a", "b", "c", "d", "e");
    Map<Integer, Long> nextOffset = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      int partition = Math.floorMod(key.hashCode(), 3);
      records.add(record(domain, key, partition, nextOffset.merge(partition, 1L, Long::sum) - 1, "n:" + i));
      expected.add(key + " " + counts.merge(key, 1L, Long::sum) + " " + i);
    }
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, SnapshotPolicy.NEVER, records);
    assertTrue(outputs.stream().allMatch(out -> out.size() == 1), "one output per event");
    // Every key's counts run 1, 2, 3... over its events in input order, and the stream keeps input order.
    assertEquals(expected, texts(outputs));
    assertTrue(outputs.stream().flatMap(List::stream).allMatch(r -> r.topic().equals(domain.counts())));
  }

  @Test
  void recordsHeldBackByTheGateReachTheirEntityInOrderOnceItOpens() throws Exception {
    CounterDomain domain = domain();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(record(domain, "k", 0, i, "n:" + i));
      expected.add("k " + (i + 1) + " " + i);
    }
    // One recovery future for the partition, completed once every record waits on it: its callbacks
    // run in reverse order of registration.
    CompletableFuture<Long> recovered = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> recovered.complete(3L));
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, SnapshotPolicy.NEVER, partition -> recovered,
        new PipelineMetrics(new SimpleMeterRegistry(), domain.name()), records);
    assertEquals(expected, texts(outputs));
  }

  /** A context of the caller's own, compared by identity. */
  private record Offset(long value) {}

  @Test
  void everyContextComesOutOnceInOrderAndUntouchedWithTheRecordsOfItsInput() throws Exception {
    CounterDomain domain = domain();
    List<Pair<ConsumerRecord<byte[], byte[]>, Offset>> input = List.of(
        Pair.create(record(domain, "k", 0, 0, "n:a"), new Offset(0)),
        Pair.create(record(domain, "k", 0, 1, "garbage"), new Offset(1)),
        Pair.create(record(domain, "k", 0, 2, "n:b"), new Offset(2)),
        Pair.create(record(domain, "k", 0, 2, "n:b"), new Offset(2)), // redelivered: no output, context still out
        Pair.create(record(domain, "k", 0, 3, "n:" + CounterDomain.REJECTED_TEXT), new Offset(3)),
        Pair.create(record(domain, null, 0, 4, "n:c"), new Offset(4)));
    var results = run(domain, SnapshotPolicy.NEVER, PartitionGate.OPEN,
        new PipelineMetrics(new SimpleMeterRegistry(), domain.name()), input);
    assertEquals(input.size(), results.size());
    for (int i = 0; i < input.size(); i++) {
      assertSame(input.get(i).second(), results.get(i).second(), "context " + i);
    }
    List<String> topics = results.stream().map(r -> r.first().stream().map(ProducerRecord::topic).toList().toString()).toList();
    String counts = "[" + domain.counts() + "]";
    String dlq = "[" + domain.deadLetterTopic() + "]";
    assertEquals(List.of(counts, dlq, counts, "[]", dlq, dlq), topics);
  }

  @Test
  void aRecordThatDoesNotDecodeOrValidateBecomesOneDeadLetterAndTheStreamGoesOn() throws Exception {
    CounterDomain domain = domain();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<ConsumerRecord<byte[], byte[]>> records = List.of(
        record(domain, "k", 1, 0, "n:a"),
        record(domain, "k", 1, 1, "garbage"),
        record(domain, null, 1, 2, "n:x"),
        record(domain, "k", 1, 3, "n:b"));
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, SnapshotPolicy.NEVER, PartitionGate.OPEN,
        new PipelineMetrics(registry, domain.name()), records);
    assertEquals(4, outputs.size());
    assertEquals(List.of("k 1 a"), outputs.get(0).stream().map(DomainFlowTest::text).toList());
    assertEquals(List.of("k 2 b"), outputs.get(3).stream().map(DomainFlowTest::text).toList(),
        "the entity never saw the bad records");

    assertEquals(1, outputs.get(1).size());
    ProducerRecord<byte[], byte[]> garbage = outputs.get(1).get(0);
    assertEquals(domain.deadLetterTopic(), garbage.topic());
    assertEquals(1, garbage.partition(), "the dead letter goes to the partition numbered like its source");
    assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), garbage.key());
    DeadLetter letter = DeadLetters.CODEC.decode(garbage.value());
    assertEquals(domain.events(), letter.getSourceTopic());
    assertEquals(1, letter.getSourcePartition());
    assertEquals(1L, letter.getSourceOffset());
    assertEquals(T0 + 1, letter.getSourceTimestamp().toEpochMilli());
    assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), bytes(letter.getKey()));
    assertArrayEquals("garbage".getBytes(StandardCharsets.UTF_8), bytes(letter.getValue()));
    assertEquals("decode", letter.getReason());
    assertEquals("not a counter event: 'garbage'", letter.getDetail());

    assertEquals(1, outputs.get(2).size());
    ProducerRecord<byte[], byte[]> keyless = outputs.get(2).get(0);
    assertEquals(1, keyless.partition());
    assertNull(keyless.key());
    DeadLetter invalid = DeadLetters.CODEC.decode(keyless.value());
    assertEquals(2L, invalid.getSourceOffset());
    assertNull(invalid.getKey());
    assertArrayEquals("n:x".getBytes(StandardCharsets.UTF_8), bytes(invalid.getValue()));
    assertEquals("validation", invalid.getReason());
    assertEquals("record has no key", invalid.getDetail());

    assertEquals(Map.of("decode", 1L, "validation", 1L), PipelineMetrics.counts(registry, PipelineMetrics.DEAD_LETTERS, "reason"));
  }

  @Test
  void anEventItsEntityRejectsGoesToTheDeadLetterTopicWithTheEntitysReason() throws Exception {
    CounterDomain domain = domain();
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, SnapshotPolicy.NEVER, List.of(
        record(domain, "k", 2, 0, "n:a"),
        record(domain, "k", 2, 1, "n:" + CounterDomain.REJECTED_TEXT),
        record(domain, "k", 2, 2, "n:b")));
    assertEquals("k 1 a", text(outputs.get(0).get(0)));
    assertEquals("k 2 b", text(outputs.get(2).get(0)), "a rejected event leaves the entity's state as it was");
    assertEquals(1, outputs.get(1).size());
    ProducerRecord<byte[], byte[]> rejected = outputs.get(1).get(0);
    assertEquals(domain.deadLetterTopic(), rejected.topic());
    assertEquals(2, rejected.partition());
    DeadLetter letter = DeadLetters.CODEC.decode(rejected.value());
    assertEquals(CounterDomain.REJECT_REASON, letter.getReason());
    assertEquals("the counter of k refuses 'reject'", letter.getDetail());
    assertEquals(1L, letter.getSourceOffset());
    assertArrayEquals(("n:" + CounterDomain.REJECTED_TEXT).getBytes(StandardCharsets.UTF_8), bytes(letter.getValue()));
  }

  private static EntitySnapshot snapshotIn(List<ProducerRecord<byte[], byte[]>> out, CounterDomain domain, int partition) {
    ProducerRecord<byte[], byte[]> last = out.get(out.size() - 1);
    assertEquals(domain.snapshotTopic(), last.topic(), "the snapshot follows the outputs of its event");
    assertEquals(partition, last.partition(), "in the snapshot partition numbered like the source");
    EntitySnapshot snapshot = Snapshots.CODEC.decode(last.value());
    assertEquals(new String(last.key(), StandardCharsets.UTF_8), snapshot.getEntityId());
    assertEquals(domain.name(), snapshot.getDomain());
    return snapshot;
  }

  private static long count(EntitySnapshot snapshot) {
    return ByteBuffer.wrap(bytes(snapshot.getState())).getLong();
  }

  @Test
  void anEntityEmitsASnapshotEveryNRecordsIntoTheSnapshotTopicAtTheSourcePartition() throws Exception {
    CounterDomain domain = domain();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      records.add(record(domain, "k", 2, i, "n:" + i));
      if (i < 2) {
        records.add(record(domain, "other", 0, i, "n:" + i));
      }
    }
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, new SnapshotPolicy(3, 0), records);
    List<Integer> withSnapshot = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).stream().anyMatch(r -> r.topic().equals(domain.snapshotTopic()))) {
        withSnapshot.add(i);
      }
    }
    // k's 3rd and 6th records (indexes 4 and 7 of the input); "other" has 2 records, too few.
    assertEquals(List.of(4, 7), withSnapshot);
    EntitySnapshot third = snapshotIn(outputs.get(4), domain, 2);
    assertEquals("k", third.getEntityId());
    assertEquals(3L, third.getRecords());
    assertEquals(Map.of(domain.events() + "/2", 3L), third.getSourceOffsets(), "the next offset it has not applied");
    assertEquals(T0 + 2, third.getEventTime().toEpochMilli());
    assertEquals(3L, count(third));
    EntitySnapshot sixth = snapshotIn(outputs.get(7), domain, 2);
    assertEquals(6L, sixth.getRecords());
    assertEquals(6L, count(sixth));
  }

  @Test
  void aSnapshotDueOnARejectedEventIsEmittedWithItsDeadLetter() throws Exception {
    CounterDomain domain = domain();
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, new SnapshotPolicy(2, 0), List.of(
        record(domain, "k", 1, 0, "n:a"),
        record(domain, "k", 1, 1, "n:" + CounterDomain.REJECTED_TEXT)));
    assertEquals(List.of(domain.deadLetterTopic(), domain.snapshotTopic()),
        outputs.get(1).stream().map(ProducerRecord::topic).toList());
    EntitySnapshot snapshot = snapshotIn(outputs.get(1), domain, 1);
    assertEquals(Map.of(domain.events() + "/1", 2L), snapshot.getSourceOffsets());
    assertEquals(1L, count(snapshot), "the rejected event is not in the state");
  }

  @Test
  void aRedeliveredOffsetChangesNothing() throws Exception {
    CounterDomain domain = domain();
    List<List<ProducerRecord<byte[], byte[]>>> outputs = outputs(domain, SnapshotPolicy.NEVER, List.of(
        record(domain, "k", 0, 0, "n:a"),
        record(domain, "k", 0, 1, "n:b"),
        record(domain, "k", 0, 2, "n:c"),
        record(domain, "k", 0, 1, "n:b-again"),
        record(domain, "k", 0, 2, "n:c-again"),
        record(domain, "k", 0, 3, "n:d")));
    assertEquals(List.of(1, 1, 1, 0, 0, 1), outputs.stream().map(List::size).toList());
    assertEquals(List.of("k 1 a", "k 2 b", "k 3 c", "k 4 d"), texts(outputs));
  }
}
