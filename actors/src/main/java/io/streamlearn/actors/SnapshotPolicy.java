package io.streamlearn.actors;

import com.typesafe.config.Config;

/**
 * When an entity writes a snapshot: after this many records, or this much event time, since its
 * last one (event time, so the same input gives the same snapshots). Zero turns a trigger off.
 */
public record SnapshotPolicy(long everyRecords, long everyEventTimeMillis) {

  public static final SnapshotPolicy NEVER = new SnapshotPolicy(0, 0);

  public static SnapshotPolicy fromConfig(Config snapshots) {
    return new SnapshotPolicy(snapshots.getLong("every-records"), snapshots.getDuration("every-event-time").toMillis());
  }

  boolean due(long recordsSince, long eventTimeSince) {
    return (everyRecords > 0 && recordsSince >= everyRecords)
        || (everyEventTimeMillis > 0 && eventTimeSince >= everyEventTimeMillis);
  }
}
