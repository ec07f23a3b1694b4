package io.streamlearn.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counters of one domain's pipeline, in the shared Micrometer registry (scraped by Prometheus in
 * {@code serve}, read back for the demo's summary): records consumed and produced per topic, dead
 * letters per reason, snapshots recovery found unsound per reason, and the processing latency as a
 * histogram.
 */
public final class PipelineMetrics {

  public static final String CONSUMED = "streamlearn.records.consumed";
  public static final String PRODUCED = "streamlearn.records.produced";
  public static final String DEAD_LETTERS = "streamlearn.dead.letters";
  public static final String PROCESSING = "streamlearn.processing.latency";
  /** Exactly-once: time from a transaction's begin to its commit, and the records it carried. */
  public static final String TRANSACTIONS = "streamlearn.transaction.commit";
  public static final String TRANSACTION_RECORDS = "streamlearn.transaction.records";
  /** Snapshots recovery did not apply (reason {@code topic-id}, {@code beyond-end}): rebuilt from the log. */
  public static final String SNAPSHOTS_REJECTED = "streamlearn.snapshots.rejected";
  /** Snapshots applied although the log no longer holds all records after them (reason {@code before-log-start}). */
  public static final String SNAPSHOTS_GAPPED = "streamlearn.snapshots.gapped";

  private static final Map<String, String> HELP = Map.of(
      CONSUMED, "Input records taken from Kafka by the domain's pipeline, by topic",
      PRODUCED, "Records handed to the producer by the domain's pipeline (outputs, dead letters, snapshots), by topic",
      DEAD_LETTERS, "Input records sent to the domain's dead-letter topic, by reason",
      SNAPSHOTS_REJECTED, "Snapshots recovery did not apply because they do not fit the live input log (the entity is"
          + " rebuilt from the log), by reason",
      SNAPSHOTS_GAPPED, "Snapshots applied although the input log no longer holds every record after them, by reason");

  private final MeterRegistry registry;
  private final String domain;
  /** Counters by name and tag value, so the per-record path does not rebuild meter ids. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer processing;
  private final Timer transactions;
  private final DistributionSummary transactionRecords;

  public PipelineMetrics(MeterRegistry registry, String domain) {
    this.registry = registry;
    this.domain = domain;
    this.processing = Timer.builder(PROCESSING)
        .description("Time from a record's decode to its outputs handed to the producer (decode, entity, model,"
            + " encode; the transaction's commit follows)")
        .tag("domain", domain)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    this.transactions = Timer.builder(TRANSACTIONS)
        .description("Exactly-once: time from a transaction's begin to its commit (sends, offsets, commit)")
        .tag("domain", domain)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    this.transactionRecords = DistributionSummary.builder(TRANSACTION_RECORDS)
        .description("Exactly-once: records (outputs, dead letters, snapshots) one committed transaction carried")
        .tag("domain", domain)
        .register(registry);
  }

  /** One transaction committed, {@code nanos} after its begin, carrying {@code records}. */
  public void committed(long nanos, int records) {
    transactions.record(nanos, TimeUnit.NANOSECONDS);
    transactionRecords.record(records);
  }

  /** One record processed, {@code nanos} after its decode began. */
  public void processed(long nanos) {
    processing.record(nanos, TimeUnit.NANOSECONDS);
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
        key -> Counter.builder(name).description(HELP.get(name)).tag("domain", domain).tag(tag, value).register(registry));
  }

  /** Counts of one metric by its tag value (topic or reason), for every domain in the registry. */
  public static Map<String, Long> counts(MeterRegistry registry, String name, String tag) {
    return counts(Search.in(registry).name(name), tag);
  }

  /** Counts of one metric by its tag value (topic or reason), for one domain. */
  public static Map<String, Long> counts(MeterRegistry registry, String domain, String name, String tag) {
    return counts(Search.in(registry).name(name).tag("domain", domain), tag);
  }

  private static Map<String, Long> counts(Search search, String tag) {
    Map<String, Long> counts = new TreeMap<>();
    search.counters().forEach(c -> counts.merge(c.getId().getTag(tag), (long) c.count(), Long::sum));
    return counts;
  }
}
