package io.streamlearn.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one domain's pipeline, in the shared Micrometer registry (scraped by Prometheus in
 * {@code serve}, read back for the demo's summary): records consumed and produced per topic, dead
 * letters per reason, and snapshots recovery found unsound per reason.
 */
public final class PipelineMetrics {

  public static final String CONSUMED = "streamlearn.records.consumed";
  public static final String PRODUCED = "streamlearn.records.produced";
  public static final String DEAD_LETTERS = "streamlearn.dead.letters";
  /** Snapshots recovery did not apply (reason {@code topic-id}, {@code beyond-end}): rebuilt from the log. */
  public static final String SNAPSHOTS_REJECTED = "streamlearn.snapshots.rejected";
  /** Snapshots applied although the log no longer holds all records after them (reason {@code before-log-start}). */
  public static final String SNAPSHOTS_GAPPED = "streamlearn.snapshots.gapped";

  private final MeterRegistry registry;
  private final String domain;
  /** Counters by name and tag value, so the per-record path does not rebuild meter ids. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry, String domain) {
    this.registry = registry;
    this.domain = domain;
  }

  public void consumed(String topic) {
    counter(CONSUMED, "topic", topic).increment();
  }

  public void produced(String topic) {
    counter(PRODUCED, "topic", topic).increment();
  }

  public void deadLettered(String reason) {
    counter(DEAD_LETTERS, "reason", reason).increment();
  }

  public void snapshotsRejected(String reason, int count) {
    counter(SNAPSHOTS_REJECTED, "reason", reason).increment(count);
  }

  public void snapshotsGapped(String reason, int count) {
    counter(SNAPSHOTS_GAPPED, "reason", reason).increment(count);
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + '\u0000' + value,
        key -> Counter.builder(name).tag("domain", domain).tag(tag, value).register(registry));
  }

  /** Counts of one metric by its tag value (topic or reason), for every domain in the registry. */
  public static Map<String, Long> counts(MeterRegistry registry, String name, String tag) {
    Map<String, Long> counts = new TreeMap<>();
    Search.in(registry).name(name).counters()
        .forEach(c -> counts.merge(c.getId().getTag(tag), (long) c.count(), Long::sum));
    return counts;
  }
}
