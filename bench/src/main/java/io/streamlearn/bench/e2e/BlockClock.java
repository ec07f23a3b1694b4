package io.streamlearn.bench.e2e;

import java.util.concurrent.TimeUnit;

/**
 * When a paced block is due: block b of a recording is due (its last sample acquired) at
 * {@code wallStart} plus its end in event time, counted from the first block's start.
 *
 * @param wallStart System.nanoTime of the first block's start
 * @param firstMillis event time of the first block's start
 * @param blockNanos length of one block
 */
record BlockClock(long wallStart, long firstMillis, long blockNanos) {

  /** System.nanoTime at which the block starting at {@code blockStartMillis} (event time) is due. */
  long due(long blockStartMillis) {
    return wallStart + TimeUnit.MILLISECONDS.toNanos(blockStartMillis - firstMillis) + blockNanos;
  }
}
