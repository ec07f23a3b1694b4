package io.streamlearn.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.kafka.KafkaClients;
import java.util.List;
import java.util.Map;

/** One domain live on a fresh embedded broker, composed as {@code serve} composes it, for the end-to-end tests. */
final class LiveDomain implements AutoCloseable {

  final EmbeddedKafka kafka;
  final Node node;
  final Config config;

  private LiveDomain(EmbeddedKafka kafka, Node node, Config config) {
    this.kafka = kafka;
    this.node = node;
    this.config = config;
  }

  /** Starts a broker, the domain's topics and its pipeline, with {@code overrides} over the defaults. */
  static LiveDomain start(String domainName, Map<String, ?> overrides) {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve();
    Node node = Node.open(config, kafka.bootstrapServers());
    List<Domain<?, ?>> domains = List.of(DomainCatalog.create(domainName, config));
    node.ensureTopics(domains);
    node.startPipelines(domains);
    return new LiveDomain(kafka, node, config);
  }

  /** A broker and a node, topics created, pipelines not started: for tests of what happens while they start. */
  static Unstarted prepare(String domainName, Map<String, ?> overrides) {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve();
    Node node = Node.open(config, kafka.bootstrapServers());
    node.ensureTopics(List.of(DomainCatalog.create(domainName, config)));
    return new Unstarted(kafka, node, config);
  }

  /** See {@link #prepare}. */
  record Unstarted(EmbeddedKafka kafka, Node node, Config config) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
      kafka.close();
    }
  }

  /** The clients of this broker. */
  KafkaClients clients() {
    return node.kafka();
  }

  @Override
  public void close() {
    node.close();
    kafka.close();
  }
}
