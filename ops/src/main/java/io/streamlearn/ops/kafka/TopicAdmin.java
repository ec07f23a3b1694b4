package io.streamlearn.ops.kafka;

import com.typesafe.config.Config;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics the runtime uses, if missing, with {@code streamlearn.kafka.partitions},
 * {@code replication-factor} and {@code topic-config}. Inputs of a domain must be co-partitioned.
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  /**
   * @param kafka the {@code streamlearn.kafka} configuration
   * @param compacted keep only the latest record per key (snapshot topics)
   */
  public static void ensureTopics(String bootstrap, Collection<String> topics, Config kafka, boolean compacted) {
    Map<String, String> configs = new HashMap<>();
    kafka.getConfig("topic-config").entrySet()
        .forEach(e -> configs.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
    if (compacted) {
      configs.put("cleanup.policy", "compact");
    }
    int partitions = kafka.getInt("partitions");
    short replication = (short) kafka.getInt("replication-factor");
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream()
          .distinct()
          .filter(t -> !existing.contains(t))
          .map(t -> new NewTopic(t, partitions, replication).configs(configs))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrap + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
