package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.schemas.PartitionCheckpoint;

import io.streamlearn.streams.kafka.SnapshotCheck.Live;
import io.streamlearn.streams.kafka.SnapshotCheck.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When recovery applies a snapshot and when it rebuilds the entity from the log instead. */
class SnapshotCheckTest {

  private static final Map<String, Long> OFFSETS = Map.of("in.a/0", 50L, "in.b/0", 20L);
  private static final Map<String, String> IDS = Map.of("in.a", "id-a", "in.b", "id-b");
  private static final Live LIVE = new Live(IDS, Map.of("in.a/0", 0L, "in.b/0", 0L), Map.of("in.a/0", 80L, "in.b/0", 20L));

  @Test
  void aSnapshotOfTheLiveTopicsWithinTheirLogsIsApplied() {
    assertEquals(Verdict.APPLY, SnapshotCheck.check(OFFSETS, IDS, LIVE));
  }

  @Test
  void aRecreatedInputTopicRejectsIt() {
    Live recreated = new Live(Map.of("in.a", "id-a2", "in.b", "id-b"), LIVE.beginnings(), LIVE.ends());
    assertEquals(Verdict.REJECT_TOPIC_ID, SnapshotCheck.check(OFFSETS, IDS, recreated));
  }

  @Test
  void aMissingInputTopicRejectsIt() {
    Live gone = new Live(Map.of("in.b", "id-b"), Map.of("in.b/0", 0L), Map.of("in.b/0", 20L));
    assertEquals(Verdict.REJECT_TOPIC_ID, SnapshotCheck.check(OFFSETS, IDS, gone));
  }

  @Test
  void aSnapshotThatHasNoIdForOneOfItsTopicsIsRejected() {
    // Written while that topic was gone: the offset it still holds for it is of the old log.
    assertEquals(Verdict.REJECT_TOPIC_ID, SnapshotCheck.check(OFFSETS, Map.of("in.b", "id-b"), LIVE));
  }

  @Test
  void offsetsBeyondThePartitionsEndRejectIt() {
    Live shorter = new Live(IDS, LIVE.beginnings(), Map.of("in.a/0", 49L, "in.b/0", 20L));
    assertEquals(Verdict.REJECT_BEYOND_END, SnapshotCheck.check(OFFSETS, IDS, shorter));
  }

  @Test
  void aSnapshotWrittenBeforeIdsWereRecordedIsCheckedByItsOffsetsOnly() {
    assertEquals(Verdict.APPLY, SnapshotCheck.check(OFFSETS, Map.of(), LIVE));
    Live emptyLog = new Live(Map.of("in.a", "new", "in.b", "new"), Map.of(), Map.of());
    assertEquals(Verdict.REJECT_BEYOND_END, SnapshotCheck.check(OFFSETS, Map.of(), emptyLog));
  }

  @Test
  void aSnapshotOlderThanTheLogStartIsAppliedButFlagged() {
    Live retained = new Live(IDS, Map.of("in.a/0", 60L, "in.b/0", 0L), Map.of("in.a/0", 90L, "in.b/0", 20L));
    Verdict verdict = SnapshotCheck.check(OFFSETS, IDS, retained);
    assertEquals(Verdict.APPLY_BEFORE_LOG_START, verdict);
    assertEquals(true, verdict.applied);
    assertEquals("before-log-start", verdict.reason);
  }

  @Test
  void theTopicIdComesFirst() {
    Live recreatedAndShort = new Live(Map.of("in.a", "x", "in.b", "y"), Map.of(), Map.of());
    assertEquals(Verdict.REJECT_TOPIC_ID, SnapshotCheck.check(OFFSETS, IDS, recreatedAndShort));
  }

  private static final PartitionCheckpoint CHECKPOINT = new PartitionCheckpoint("d", 0, OFFSETS, IDS, "group");
  private static final Map<String, Long> COMMITTED = Map.of("in.a/0", 60L, "in.b/0", 20L);

  @Test
  void aCheckpointOfThisGroupOnTheLiveTopicsWithinTheCommittedOffsetsFits() {
    assertNull(SnapshotCheck.checkpointUnfit(CHECKPOINT, "group", 0, LIVE, COMMITTED));
  }

  @Test
  void aCheckpointDoesNotFitWhenItsSnapshotsWereNotAppliedOrAnotherGroupOrTopicWroteIt() {
    assertTrue(SnapshotCheck.checkpointUnfit(CHECKPOINT, "group", 1, LIVE, COMMITTED).contains("not applied"));
    assertTrue(SnapshotCheck.checkpointUnfit(CHECKPOINT, "other", 0, LIVE, COMMITTED).contains("another consumer group"));
    Live recreated = new Live(Map.of("in.a", "id-a2", "in.b", "id-b"), LIVE.beginnings(), LIVE.ends());
    assertTrue(SnapshotCheck.checkpointUnfit(CHECKPOINT, "group", 0, recreated, COMMITTED).contains("recreated"));
  }

  @Test
  void aCheckpointBeyondTheCommittedOffsetsDoesNotFit() {
    assertTrue(SnapshotCheck.checkpointUnfit(CHECKPOINT, "group", 0, LIVE, Map.of("in.a/0", 49L, "in.b/0", 20L))
        .contains("beyond the committed offset of in.a/0"));
    assertTrue(SnapshotCheck.checkpointUnfit(CHECKPOINT, "group", 0, LIVE, Map.of("in.a/0", 60L))
        .contains("in.b/0"), "nothing committed of in.b/0, whose log starts at 0, and the checkpoint says 20");
  }

  @Test
  void anInputWithNothingCommittedFitsACheckpointAtItsLogStart() {
    PartitionCheckpoint atStart = new PartitionCheckpoint("d", 0, Map.of("in.a/0", 50L, "in.b/0", 0L), IDS, "group");
    assertNull(SnapshotCheck.checkpointUnfit(atStart, "group", 0, LIVE, Map.of("in.a/0", 60L)));
  }
}
