package io.streamlearn.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.broker.BrokerOptions;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * The three-node embedded cluster ({@code broker --nodes 3}): the topics the project creates get
 * three replicas and need two in sync, without any setting of ours, and a transaction commits and
 * is read back while one node is down (and the node catches up when it comes back).
 */
class BrokerClusterIT {

  @Test
  void topicsGetThreeReplicasAndTransactionsCommitWithOneNodeDown() throws Exception {
    Config config = ConfigFactory.load();
    try (EmbeddedKafka cluster = EmbeddedKafka.start(BrokerOptions.defaults().withNodes(3))) {
      assertEquals(3, cluster.bootstrapServers().split(",").length, cluster.bootstrapServers());
      KafkaClients clients = KafkaClients.of(cluster.bootstrapServers());
      TopicAdmin.ensureTopics(clients, List.of(AdsDomain.DECISIONS), config.getConfig("streamlearn.kafka"), false);
      try (Admin admin = clients.admin(Map.of())) {
        TopicDescription decisions = retried(() -> admin.describeTopics(List.of(AdsDomain.DECISIONS)).allTopicNames()
            .get(30, TimeUnit.SECONDS).get(AdsDomain.DECISIONS));
        decisions.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, AdsDomain.DECISIONS);
        assertEquals("2", retried(() -> admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
            .get("min.insync.replicas").value()));
      }

      // The first transaction creates the transaction log (with all three nodes, as it needs);
      // the second commits while node 2 is down.
      try (KafkaProducer<byte[], byte[]> producer = clients.producer(Map.of(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-cluster-it", ProducerConfig.ACKS_CONFIG, "all"))) {
        producer.initTransactions();
        send(producer, 0, 10);
        cluster.stopNode(2);
        send(producer, 10, 30);
      }
      List<String> read = new ArrayList<>();
      CommittedReader.readToEnd(clients, AdsDomain.DECISIONS, r -> read.add(new String(r.value(), StandardCharsets.UTF_8)));
      assertEquals(30, read.size(), "committed with node 2 down, read back: " + read);

      cluster.startNode(2);
      try (Admin admin = clients.admin(Map.of())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean caughtUp = false;
        while (!caughtUp && System.nanoTime() < deadline) {
          caughtUp = admin.describeTopics(List.of(AdsDomain.DECISIONS)).allTopicNames().get(30, TimeUnit.SECONDS)
              .get(AdsDomain.DECISIONS).partitions().stream().allMatch(p -> p.isr().size() == 3);
          Thread.sleep(200);
        }
        assertTrue(caughtUp, "node 2 rejoined every partition's in-sync replicas");
      }
    }
  }

  /** A question about a new topic, asked again until the node it goes to has the topic's metadata (a few ms). */
  private static <T> T retried(Callable<T> question) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return question.call();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, int from, int to) {
    producer.beginTransaction();
    for (int i = from; i < to; i++) {
      producer.send(new ProducerRecord<>(AdsDomain.DECISIONS, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    producer.commitTransaction();
  }
}
