package io.streamlearn.streams.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.ProducerSettings;

/**
 * How every Kafka client of a process connects: the bootstrap servers plus the client properties of
 * {@code streamlearn.kafka.client} (TLS, SASL, timeouts: any Kafka client property), applied to
 * every consumer, producer and admin client the project creates, so a secured cluster needs its
 * settings in one place. Property values (passwords, JAAS configurations) are never printed.
 */
public final class KafkaClients {

  private final String bootstrap;
  private final Map<String, String> properties;

  private KafkaClients(String bootstrap, Map<String, String> properties) {
    this.bootstrap = bootstrap;
    this.properties = Map.copyOf(properties);
  }

  /** Plaintext clients of {@code bootstrap} with Kafka's defaults (the embedded broker, tests). */
  public static KafkaClients of(String bootstrap) {
    return new KafkaClients(bootstrap, Map.of());
  }

  /**
   * Clients of {@code bootstrap} with the properties of {@code kafka.client} (keys are Kafka's
   * property names, quoted where they contain dots: {@code "security.protocol" = SASL_SSL}).
   */
  public static KafkaClients fromConfig(String bootstrap, Config kafka) {
    Map<String, String> properties = new TreeMap<>();
    if (kafka.hasPath("client")) {
      for (Map.Entry<String, ConfigValue> e : kafka.getConfig("client").entrySet()) {
        properties.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return new KafkaClients(bootstrap, properties);
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** The same client properties against another cluster. */
  public KafkaClients withBootstrap(String otherBootstrap) {
    return new KafkaClients(otherBootstrap, properties);
  }

  /** The bootstrap servers and client properties, then {@code extra} (the caller's own settings win). */
  public Properties properties(Map<?, ?> extra) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.putAll(properties);
    props.putAll(extra);
    return props;
  }

  public Admin admin(Map<?, ?> extra) {
    return Admin.create(properties(extra));
  }

  public KafkaProducer<byte[], byte[]> producer(Map<?, ?> extra) {
    return new KafkaProducer<>(properties(extra), new ByteArraySerializer(), new ByteArraySerializer());
  }

  public KafkaConsumer<byte[], byte[]> consumer(Map<?, ?> extra) {
    return new KafkaConsumer<>(properties(extra), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Pekko Connectors consumer settings with these connection properties. */
  public ConsumerSettings<byte[], byte[]> consumerSettings(ActorSystem<?> system) {
    ConsumerSettings<byte[], byte[]> settings =
        ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
            .withBootstrapServers(bootstrap);
    for (Map.Entry<String, String> e : properties.entrySet()) {
      settings = settings.withProperty(e.getKey(), e.getValue());
    }
    return settings;
  }

  /** Pekko Connectors producer settings with these connection properties. */
  public ProducerSettings<byte[], byte[]> producerSettings(ActorSystem<?> system) {
    ProducerSettings<byte[], byte[]> settings =
        ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
            .withBootstrapServers(bootstrap);
    for (Map.Entry<String, String> e : properties.entrySet()) {
      settings = settings.withProperty(e.getKey(), e.getValue());
    }
    return settings;
  }

  /**
   * Asks the cluster for its brokers and waits at most {@code deadline} for an answer, so a command
   * pointed at the wrong address, port, protocol or password stops in seconds with the cause
   * instead of retrying for minutes.
   *
   * @throws Unavailable naming the address, what was tried and the likely fix
   */
  public void awaitCluster(Duration deadline) {
    int millis = (int) Math.max(1, deadline.toMillis());
    Map<String, Object> limits = Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
        // One attempt per address, no long reconnect backoff: this is a probe.
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    Admin admin;
    try {
      admin = admin(limits);
    } catch (KafkaException e) {
      throw new Unavailable("cannot connect to Kafka at " + bootstrap + ": " + rootMessage(e)
          + " (check --bootstrap or streamlearn.kafka.bootstrap, and streamlearn.kafka.client)");
    }
    try (admin) {
      admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unavailable(e.getCause(), deadline);
    } catch (TimeoutException e) {
      throw unavailable(e, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while connecting to Kafka at " + bootstrap);
    }
  }

  private Unavailable unavailable(Throwable cause, Duration deadline) {
    if (cause instanceof SaslAuthenticationException) {
      return new Unavailable("Kafka at " + bootstrap + " refused the credentials: " + rootMessage(cause)
          + " (check sasl.mechanism and sasl.jaas.config in streamlearn.kafka.client)");
    }
    if (cause instanceof SslAuthenticationException) {
      return new Unavailable("the TLS handshake with Kafka at " + bootstrap + " failed: " + rootMessage(cause)
          + " (check security.protocol and the ssl.* trust and key store settings in streamlearn.kafka.client)");
    }
    if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
      return new Unavailable("Kafka at " + bootstrap + " did not let this client in: " + rootMessage(cause)
          + " (check streamlearn.kafka.client)");
    }
    String protocol = properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    return new Unavailable("no Kafka broker answered at " + bootstrap + " within " + deadline.toSeconds() + " s (tried "
        + protocol + "; " + rootMessage(cause) + "): check the address and that the broker is up, --bootstrap or"
        + " streamlearn.kafka.bootstrap, and streamlearn.kafka.client for a secured cluster");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  /** The cluster cannot be used as configured; the message names the cause and the fix. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  /** The bootstrap servers and the names (never the values) of the configured properties. */
  @Override
  public String toString() {
    return properties.isEmpty() ? bootstrap : bootstrap + " with " + properties.keySet();
  }
}
