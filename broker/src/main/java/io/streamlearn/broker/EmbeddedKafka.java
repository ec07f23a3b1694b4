package io.streamlearn.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process), from Kafka's own
 * artifacts, on loopback ports and a log directory of its own. Used by the default run and every
 * integration test, so offsets, transactions and rebalances are Kafka's, not a mock's.
 *
 * <p>{@link #start()} uses free ports and a fresh temporary directory, deleted on {@link #close()};
 * {@link #start(BrokerOptions)} can fix the port, keep a data directory (restart in place) and add
 * a SASL/PLAIN and a TLS listener beside the plaintext one (to test secured clients). {@link
 * #restart()} stops and starts the same broker on the same directory and ports (for bounce tests).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String PORTS_FILE = "streamlearn-ports.properties";

  private final Path logDir;
  private final boolean deleteOnClose;
  private final BrokerOptions options;
  private final int brokerPort;
  private final int controllerPort;
  private final int saslPort;
  private final int tlsPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path logDir, boolean deleteOnClose, BrokerOptions options, Properties ports) {
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.options = options;
    this.brokerPort = Integer.parseInt(ports.getProperty("broker"));
    this.controllerPort = Integer.parseInt(ports.getProperty("controller"));
    this.saslPort = Integer.parseInt(ports.getProperty("sasl", "0"));
    this.tlsPort = Integer.parseInt(ports.getProperty("tls", "0"));
  }

  /** Starts a broker on free loopback ports with a temporary log directory removed on close. */
  public static EmbeddedKafka start() {
    return start(BrokerOptions.defaults());
  }

  /**
   * Starts a broker as {@code options} say. With a data directory, its ports are kept there, so a
   * restart in place comes back on the same addresses with the same topics.
   */
  public static EmbeddedKafka start(BrokerOptions options) {
    try {
      boolean temporary = options.dataDir() == null;
      Path dir = temporary ? Files.createTempDirectory("streamlearn-kafka-") : options.dataDir();
      Files.createDirectories(dir);
      EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, options, ports(dir, options));
      kafka.format();
      kafka.startServer();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  /** The plaintext listener. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** The SASL_PLAINTEXT (PLAIN) listener; only with {@link BrokerOptions#withSaslPlainUser}. */
  public String saslBootstrapServers() {
    return "127.0.0.1:" + saslPort;
  }

  /** The SSL listener; only with {@link BrokerOptions#withTls}. */
  public String tlsBootstrapServers() {
    return "127.0.0.1:" + tlsPort;
  }

  public Path logDir() {
    return logDir;
  }

  /** Whether {@link #close()} deletes the log directory (it was temporary). */
  public boolean temporary() {
    return deleteOnClose;
  }

  /** Stops the broker, keeping its log directory. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again on the same log directory and ports, after {@link #stop()}. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      deleteRecursively(logDir);
    }
  }

  /** The ports of a kept data directory, or new ones (the requested or free ports), remembered there. */
  private static Properties ports(Path dir, BrokerOptions options) throws IOException {
    Path file = dir.resolve(PORTS_FILE);
    Properties ports = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file)) {
        ports.load(in);
      }
    }
    if (options.port() != 0) {
      ports.setProperty("broker", String.valueOf(options.port()));
    }
    ports.putIfAbsent("broker", String.valueOf(freePort()));
    ports.putIfAbsent("controller", String.valueOf(freePort()));
    if (options.saslUser() != null) {
      ports.putIfAbsent("sasl", String.valueOf(freePort()));
    }
    if (options.tlsKeystore() != null) {
      ports.putIfAbsent("tls", String.valueOf(freePort()));
    }
    try (var out = Files.newBufferedWriter(file)) {
      ports.store(out, "ports of this broker's listeners, reused when it restarts on this directory");
    }
    return ports;
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + brokerPort);
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    if (options.saslUser() != null) {
      listeners.append(",SASL_PLAINTEXT://127.0.0.1:").append(saslPort);
      protocols.append(",SASL_PLAINTEXT:SASL_PLAINTEXT");
      p.put("sasl.enabled.mechanisms", "PLAIN");
      p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + options.saslUser()
              + "=\"" + options.saslPassword() + "\";");
    }
    if (options.tlsKeystore() != null) {
      listeners.append(",SSL://127.0.0.1:").append(tlsPort);
      protocols.append(",SSL:SSL");
      p.put("listener.name.ssl.ssl.keystore.location", options.tlsKeystore().toString());
      p.put("listener.name.ssl.ssl.keystore.password", options.tlsPassword());
      p.put("listener.name.ssl.ssl.key.password", options.tlsPassword());
      p.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
    }
    p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", listeners.toString());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", protocols.toString());
    // The secured listeners are for clients; the broker talks to itself in plaintext on loopback.
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.resolve("data").toString());
    // One node: every replication factor and in-sync minimum is 1, transactions included.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    return p;
  }

  private void format() throws IOException {
    Path config = logDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      properties().store(out, "streamlearn embedded broker");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    // --ignore-formatted: a kept data directory keeps its cluster id and topics.
    int code = StorageTool.execute(
        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (code != 0) {
      throw new IllegalStateException("formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private synchronized void startServer() {
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
    server.startup();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
