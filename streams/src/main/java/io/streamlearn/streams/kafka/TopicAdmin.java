package io.streamlearn.streams.kafka;

import com.typesafe.config.Config;
import io.streamlearn.streams.Domain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics the runtime uses, if missing, with {@code streamlearn.kafka.partitions},
 * {@code replication-factor} (-1: the cluster's default, and {@code min.insync.replicas} is the
 * cluster's too) and {@code topic-config} (and {@code compacted-topic-config} over it for the
 * snapshot topics). Inputs of a domain must be co-partitioned.
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  /**
   * Every topic of these domains: inputs, outputs and dead letters, and the compacted snapshot topics.
   *
   * @param kafka the {@code streamlearn.kafka} configuration
   */
  public static void ensureTopics(KafkaClients clients, List<? extends Domain<?, ?>> domains, Config kafka) {
    List<String> topics = new ArrayList<>();
    List<String> compacted = new ArrayList<>();
    for (Domain<?, ?> domain : domains) {
      topics.addAll(domain.inputTopics());
      topics.addAll(domain.outputTopics());
      topics.add(domain.deadLetterTopic());
      compacted.add(domain.snapshotTopic());
    }
    ensureTopics(clients, topics, kafka, false);
    ensureTopics(clients, compacted, kafka, true);
  }

  /**
   * @param kafka the {@code streamlearn.kafka} configuration
   * @param compacted keep only the latest record per key (snapshot topics)
   */
  public static void ensureTopics(KafkaClients clients, Collection<String> topics, Config kafka, boolean compacted) {
    Map<String, String> configs = new HashMap<>();
    kafka.getConfig("topic-config").entrySet()
        .forEach(e -> configs.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
    if (compacted) {
      configs.put("cleanup.policy", "compact");
      kafka.getConfig("compacted-topic-config").entrySet()
          .forEach(e -> configs.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
    }
    int partitions = kafka.getInt("partitions");
    // -1 (the default): the cluster's default.replication.factor, as Kafka Streams does.
    int replicas = kafka.getInt("replication-factor");
    Optional<Short> replication = replicas < 0 ? Optional.empty() : Optional.of((short) replicas);
    try (Admin admin = clients.admin(Map.of())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream()
          .distinct()
          .filter(t -> !existing.contains(t))
          .map(t -> new NewTopic(t, Optional.of(partitions), replication).configs(configs))
          .toList();
      if (!missing.isEmpty()) {
        for (var created : admin.createTopics(missing).values().entrySet()) {
          try {
            created.getValue().get(30, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            // Another node starting at the same moment created it first.
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + clients.bootstrap() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** The descriptions (id, partitions) of those of {@code topics} that exist. */
  static Map<String, TopicDescription> describeExisting(Admin admin, Collection<String> topics) {
    Map<String, TopicDescription> existing = new HashMap<>();
    try {
      for (var topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
        try {
          existing.put(topic.getKey(), topic.getValue().get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IllegalStateException("cannot describe topic " + topic.getKey() + ": " + e.getMessage(), e);
          }
        }
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topics", e);
    }
    return existing;
  }

  /**
   * Waits until the broker's metadata has a leader for every partition of {@code topics}: creation
   * completes at the controller first, and a reader asking the broker a moment later found no
   * partitions (one {@code bench eeg} run read nothing).
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        if (described.values().stream().allMatch(d -> !d.partitions().isEmpty()
            && d.partitions().stream().allMatch(p -> p.leader() != null))) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics " + topics + " have no partition leaders after 30 s");
      }
      Thread.sleep(100);
    }
  }
}
