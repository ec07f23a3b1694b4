package io.streamlearn.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of the end-to-end comparison (a passthrough, the pipeline, the Kafka Streams peer):
 * started once per measured run, on the shared input topics, writing to the run's own topics.
 *
 * @param key the summary's name for it, e.g. {@code pipeline}
 * @param decisions whether it writes decisions (else copies of the input records)
 */
record Contender(String key, boolean decisions, Starter starter) {

  /** Starts one run. */
  @FunctionalInterface
  interface Starter {
    /**
     * @param name unique per run: consumer group, transactional id, application id
     * @param firstNanos set to {@link System#nanoTime()} when the first input record is consumed
     */
    Running start(String name, RunTopics topics, boolean exactlyOnce, AtomicLong firstNanos) throws Exception;
  }

  /** A started run. */
  interface Running {
    /** Whether it stopped by itself (an error). */
    boolean failed();

    /** Whether it has its partitions and takes records live (the pipeline: joined and recovered). */
    default boolean ready() {
      return true;
    }

    /** Stops it cleanly (drain, commit, close) and releases what it holds. */
    void stop() throws Exception;
  }
}
