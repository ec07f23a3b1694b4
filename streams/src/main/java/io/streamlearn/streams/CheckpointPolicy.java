package io.streamlearn.streams;

import com.typesafe.config.Config;

/**
 * How a live partition bounds its recovery ({@code streamlearn.pipeline.checkpoints}).
 *
 * @param everyRecords records of a partition between two checkpoints; 0 writes none, and
 *     recoveries replay from the log start
 * @param maxLagRecords an entity whose records this many records behind its partition's head
 *     are in no snapshot writes one with its next record, so the checkpoint keeps up
 */
public record CheckpointPolicy(long everyRecords, long maxLagRecords) {

  public static final CheckpointPolicy NONE = new CheckpointPolicy(0, 0);

  public static CheckpointPolicy fromConfig(Config checkpoints) {
    return new CheckpointPolicy(checkpoints.getLong("every-records"), checkpoints.getLong("max-lag-records"));
  }
}
