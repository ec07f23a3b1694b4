package io.streamlearn.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.ops.http.Json;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.kafka.Recovery;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node page and {@code /metrics} say about this node's pipelines: per input partition the
 * group's committed offset, the end and the lag between them and which member owns it (polled from
 * the broker every few seconds, as Burrow or kafka-lag-exporter do), records in and out per second,
 * dead letters by reason, recoveries.
 */
final class NodeStatus implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeStatus.class);
  private static final long POLL_SECONDS = 5;

  /** One input partition as last polled. */
  record Partition(String domain, TopicPartition tp, long committed, long end, String owner, boolean mine) {
    long lag() {
      return committed < 0 ? end : Math.max(0, end - committed);
    }
  }

  private final Node node;
  private final List<Domain<?, ?>> domains;
  private final PipelineSettings settings;
  private final MeterRegistry registry;
  /** One admin client for the node page's life, not one per poll. */
  private final Admin admin;
  private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
  private final Map<String, double[]> lastCounts = new ConcurrentHashMap<>();
  private final Map<String, double[]> rates = new ConcurrentHashMap<>();
  /** Readiness as of the last poll: asking it costs a broker round trip, too much per page per second. */
  private volatile Optional<String> notReady = Optional.of("not polled yet");
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "streamlearn-node-status");
    t.setDaemon(true);
    return t;
  });

  NodeStatus(Node node, List<Domain<?, ?>> domains, PipelineSettings settings) {
    this.node = node;
    this.domains = domains;
    this.settings = settings;
    this.registry = node.registry();
    this.admin = node.kafka().admin(Map.of());
    poller.scheduleWithFixedDelay(this::poll, 0, POLL_SECONDS, TimeUnit.SECONDS);
  }

  private void poll() {
    notReady = node.notReady();
    try {
      for (Domain<?, ?> domain : domains) {
        String group = settings.groupId(domain);
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, String> owners = new HashMap<>();
        ConsumerGroupDescription description =
            admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(5, TimeUnit.SECONDS);
        for (MemberDescription m : description.members()) {
          String owner = m.groupInstanceId().orElse(m.consumerId());
          m.assignment().topicPartitions().forEach(tp -> owners.put(tp, owner));
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(domain.inputTopics()).allTopicNames().get(5, TimeUnit.SECONDS).values()
            .forEach(t -> t.partitions().forEach(p -> ends.put(new TopicPartition(t.name(), p.partition()),
                OffsetSpec.latest())));
        var endOffsets = admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
        String me = settings.memberId(domain);
        endOffsets.forEach((tp, info) -> {
          OffsetAndMetadata c = committed.get(tp);
          String owner = owners.getOrDefault(tp, "");
          boolean fresh = partitions.put(tp, new Partition(domain.name(), tp, c == null ? -1 : c.offset(),
              info.offset(), owner, owner.equals(me))) == null;
          if (fresh) {
            Gauge.builder("streamlearn.consumer.lag", partitions, ps -> ps.containsKey(tp) ? ps.get(tp).lag() : 0)
                .description("Records in the input partition after the group's committed offset (polled every "
                    + POLL_SECONDS + " s)")
                .tag("domain", domain.name()).tag("topic", tp.topic()).tag("partition", String.valueOf(tp.partition()))
                .register(registry);
          }
        });
        rate(domain.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The page keeps the last poll; readiness (/health/ready) is what reports the broker gone.
      log.debug("node status: poll failed: {}", e.toString());
    }
  }

  private void rate(String domain) {
    double[] now = {sum(PipelineMetrics.CONSUMED, domain), sum(PipelineMetrics.PRODUCED, domain), System.nanoTime()};
    double[] before = lastCounts.put(domain, now);
    if (before != null) {
      double seconds = (now[2] - before[2]) / 1e9;
      rates.put(domain, new double[] {(now[0] - before[0]) / seconds, (now[1] - before[1]) / seconds});
    }
  }

  private long sum(String name, String domain) {
    return PipelineMetrics.counts(registry, domain, name, "topic").values().stream().mapToLong(Long::longValue).sum();
  }

  /** The node page's frame. */
  ObjectNode frame() {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "node");
    Optional<String> notReady = this.notReady;
    frame.put("ready", notReady.isEmpty());
    notReady.ifPresent(r -> frame.put("reason", r));
    ArrayNode list = frame.putArray("domains");
    List<Recovery.Report> recoveries = node.recoveries();
    for (Domain<?, ?> domain : domains) {
      String name = domain.name();
      ObjectNode d = list.addObject().put("name", name);
      d.put("consumed", sum(PipelineMetrics.CONSUMED, name));
      Map<String, Long> produced = PipelineMetrics.counts(registry, name, PipelineMetrics.PRODUCED, "topic");
      d.put("produced", produced.values().stream().mapToLong(Long::longValue).sum());
      double[] r = rates.getOrDefault(name, new double[] {0, 0});
      d.put("in_per_s", Math.round(r[0])).put("out_per_s", Math.round(r[1]));
      ObjectNode dead = d.putObject("dead_letters");
      PipelineMetrics.counts(registry, name, PipelineMetrics.DEAD_LETTERS, "reason").forEach(dead::put);
      List<Recovery.Report> mine = recoveries.stream().filter(rep -> rep.domain().equals(name)).toList();
      d.put("snapshots_written", produced.getOrDefault(domain.snapshotTopic(), 0L));
      d.put("recoveries", mine.size())
          .put("recovery_ms_max", mine.stream().mapToLong(Recovery.Report::millis).max().orElse(0))
          .put("snapshots_restored", mine.stream().mapToLong(Recovery.Report::snapshots).sum());
      ArrayNode ps = d.putArray("partitions");
      partitions.values().stream().filter(p -> p.domain().equals(name))
          .sorted(Comparator.comparing((Partition p) -> p.tp().topic()).thenComparing(p -> p.tp().partition()))
          .forEach(p -> ps.addObject().put("topic", p.tp().topic()).put("partition", p.tp().partition())
              .put("owner", p.owner()).put("mine", p.mine()).put("committed", p.committed()).put("end", p.end())
              .put("lag", p.lag()));
    }
    return frame;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
