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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka cluster in this process (KRaft: each node a broker and a controller), from Kafka's
 * own artifacts, on loopback ports and a log directory of its own; one node unless {@link
 * BrokerOptions#nodes()} says more. Used by the default run and every integration test, so
 * offsets, transactions and rebalances are Kafka's, not a mock's. With three or more nodes, topics
 * get three replicas and two in sync by default, the internal topics too, so one node can stop.
 *
 * <p>{@link #start()} uses free ports and a fresh temporary directory, deleted on {@link #close()};
 * {@link #start(BrokerOptions)} can fix the port, keep a data directory (restart in place) and add
 * a SASL/PLAIN and a TLS listener beside the plaintext one (to test secured clients; one node
 * only). {@link #restart()} stops and starts the same cluster on the same directory and ports,
 * {@link #stopNode} and {@link #startNode} one of its nodes (for bounce tests).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String PORTS_FILE = "streamlearn-ports.properties";

  private final Path logDir;
  private final boolean deleteOnClose;
  private final BrokerOptions options;
  // Per node (index = node id - 1): its plaintext and controller ports and its running server
  // (the array's own lock guards its slots: nodes stop on threads of their own).
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final int saslPort;
  private final int tlsPort;
  private final KafkaRaftServer[] servers;

  private EmbeddedKafka(Path logDir, boolean deleteOnClose, BrokerOptions options, Properties ports) {
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.options = options;
    this.brokerPorts = new int[options.nodes()];
    this.controllerPorts = new int[options.nodes()];
    for (int i = 0; i < options.nodes(); i++) {
      brokerPorts[i] = Integer.parseInt(ports.getProperty(portKey("broker", i)));
      controllerPorts[i] = Integer.parseInt(ports.getProperty(portKey("controller", i)));
    }
    this.saslPort = Integer.parseInt(ports.getProperty("sasl", "0"));
    this.tlsPort = Integer.parseInt(ports.getProperty("tls", "0"));
    this.servers = new KafkaRaftServer[options.nodes()];
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
    if (options.nodes() < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, not " + options.nodes());
    }
    if (options.nodes() > 1 && (options.saslUser() != null || options.tlsKeystore() != null)) {
      throw new IllegalArgumentException("SASL and TLS listeners are for a one-node broker");
    }
    try {
      boolean temporary = options.dataDir() == null;
      Path dir = temporary ? Files.createTempDirectory("streamlearn-kafka-") : options.dataDir();
      Files.createDirectories(dir);
      EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, options, ports(dir, options));
      kafka.format();
      kafka.startServers();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  /** The plaintext listeners of every node, comma-separated. */
  public String bootstrapServers() {
    StringBuilder servers = new StringBuilder();
    for (int port : brokerPorts) {
      servers.append(servers.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
    }
    return servers.toString();
  }

  /** How many nodes the cluster has. */
  public int nodes() {
    return servers.length;
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

  /**
   * Stops every node, keeping the log directory. All at once: a node's broker leaves through the
   * controller quorum (controlled shutdown), so stopped one by one, the last would wait out
   * Kafka's 5-minute shutdown timeout for a quorum that is gone.
   */
  public synchronized void stop() {
    onEveryNode("stop", i -> stopNode(i + 1));
  }

  /** Starts the cluster again on the same log directory and ports, after {@link #stop()}. */
  public synchronized void restart() {
    stop();
    startServers();
  }

  /** Stops node {@code id} (1-based), keeping its log directory; the others go on. */
  public void stopNode(int id) {
    KafkaRaftServer server;
    synchronized (servers) {
      server = servers[id - 1];
      servers[id - 1] = null;
    }
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
    }
  }

  /** Starts node {@code id} again after {@link #stopNode}; it rejoins the running ones. */
  public synchronized void startNode(int id) {
    KafkaRaftServer server;
    synchronized (servers) {
      if (servers[id - 1] != null) {
        return;
      }
      server = server(id - 1);
      servers[id - 1] = server;
    }
    server.startup();
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
    for (int i = 0; i < options.nodes(); i++) {
      ports.putIfAbsent(portKey("broker", i), String.valueOf(freePort()));
      ports.putIfAbsent(portKey("controller", i), String.valueOf(freePort()));
    }
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

  /** Node 1's ports keep their one-node names ({@code broker}, {@code controller}), so kept directories still start. */
  private static String portKey(String listener, int node) {
    return node == 0 ? listener : listener + "." + (node + 1);
  }

  /** The configuration of node {@code index} (its id is index + 1). */
  private Properties properties(int index) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(index + 1));
    StringBuilder voters = new StringBuilder();
    for (int i = 0; i < servers.length; i++) {
      voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
    }
    p.put("controller.quorum.voters", voters.toString());
    int brokerPort = brokerPorts[index];
    int controllerPort = controllerPorts[index];
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
    p.put("log.dirs", logDir.resolve(index == 0 ? "data" : "data-" + (index + 1)).toString());
    // Three replicas, two in sync, once there are three nodes: one may stop without losing a
    // write or blocking a transaction. A single node has one of everything.
    String replicas = String.valueOf(Math.min(3, servers.length));
    String inSync = servers.length >= 3 ? "2" : "1";
    p.put("offsets.topic.replication.factor", replicas);
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", inSync);
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", inSync);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    return p;
  }

  /** Formats every node's log directory with one cluster id (a kept directory keeps its own). */
  private void format() throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    for (int i = 0; i < servers.length; i++) {
      Path config = logDir.resolve(i == 0 ? "server.properties" : "server-" + (i + 1) + ".properties");
      try (var out = Files.newBufferedWriter(config)) {
        properties(i).store(out, "streamlearn embedded broker, node " + (i + 1));
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      // --ignore-formatted: a kept data directory keeps its cluster id and topics.
      int code = StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
          new PrintStream(output, true, StandardCharsets.UTF_8));
      if (code != 0) {
        throw new IllegalStateException("formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8));
      }
    }
  }

  /** Starts every node at once: a node waits for a quorum of controllers before it serves. */
  private synchronized void startServers() {
    KafkaRaftServer[] starting = new KafkaRaftServer[servers.length];
    synchronized (servers) {
      for (int i = 0; i < servers.length; i++) {
        starting[i] = server(i);
        servers[i] = starting[i];
      }
    }
    onEveryNode("start", i -> starting[i].startup());
  }

  /** Runs {@code action} for every node index at the same time, a thread each, and waits for all. */
  private void onEveryNode(String what, IntConsumer action) {
    ExecutorService nodes = Executors.newFixedThreadPool(servers.length);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < servers.length; i++) {
        int index = i;
        done.add(nodes.submit(() -> action.accept(index)));
      }
      for (Future<?> node : done) {
        node.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("the embedded Kafka cluster did not " + what + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the embedded Kafka cluster was to " + what, e);
    } finally {
      nodes.shutdown();
    }
  }

  private KafkaRaftServer server(int index) {
    return new KafkaRaftServer(KafkaConfig.fromProps(properties(index), false), Time.SYSTEM);
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
