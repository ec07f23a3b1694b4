package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a {@code serve} node sits in a Pekko cluster: its own address and the seed nodes it joins.
 * Each flag is a shorthand for Pekko's or streamlearn's own key, which a --config file may set instead.
 */
public final class ClusterOptions {

  /** The actor system's name: part of every node's cluster address, the same on every node. */
  public static final String SYSTEM_NAME = "streamlearn";

  private static final String HOST_PORT = "[^:\\s,]+:\\d{1,5}";

  @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Cluster nodes to join (pekko.cluster.seed-nodes), the same list on every node; the first"
          + " forms the cluster when none is up yet. Without it, the node is a cluster of its own.")
  String seedNodes;

  @Option(names = "--cluster-host", paramLabel = "HOST",
      description = "Address other nodes reach this one at (pekko.remote.artery.canonical.hostname; default 127.0.0.1).")
  String host;

  @Option(names = "--cluster-port", paramLabel = "PORT",
      description = "Port of this node's cluster traffic (pekko.remote.artery.canonical.port; default 0, any free port).")
  Integer port;

  @Option(names = "--node-id", paramLabel = "NAME",
      description = "This node's name, unique in the cluster and the same across its restarts"
          + " (streamlearn.pipeline.node-id): its Kafka transactional ids and group member ids derive from it.")
  String nodeId;

  /** The keys these flags stand for, for {@link CommonOptions#config(Map)}; a flag left out is left out. */
  public Map<String, Object> flags() {
    if (port != null && (port < 0 || port > 65535)) {
      throw new UserError("--cluster-port " + port + " is not a port: pass 1-65535 (or 0 for any free one)");
    }
    if (nodeId != null && !nodeId.matches("[A-Za-z0-9._-]+")) {
      throw new UserError("--node-id '" + nodeId + "' may hold only letters, digits, '.', '_' and '-'");
    }
    return CommonOptions.flags(
        "pekko.cluster.seed-nodes", seedNodes == null ? null : seedAddresses(seedNodes),
        "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", port,
        "streamlearn.pipeline.node-id", nodeId);
  }

  /**
   * With TLS between nodes (streamlearn-cluster-tls.conf), the key and trust stores must be
   * readable files: otherwise the node would fail deep inside its transport at start.
   */
  public static void checkTls(Config config) {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    for (String store : List.of("key-store", "trust-store")) {
      String file = config.getString("pekko.remote.artery.ssl.config-ssl-engine." + store);
      if (!Files.isReadable(Path.of(file))) {
        throw new UserError("cluster TLS " + store + " '" + file + "' is not a readable file: set"
            + " streamlearn.cluster.tls." + store + " to the PKCS12 file (README, A cluster of nodes)");
      }
    }
  }

  /** host:port,... as the cluster addresses Pekko expects. */
  static List<String> seedAddresses(String seeds) {
    if (!seeds.matches(HOST_PORT + "(," + HOST_PORT + ")*")) {
      throw new UserError("--seed-nodes '" + seeds + "' is not host:port[,host:port...], e.g. --seed-nodes"
          + " 10.0.0.1:25520,10.0.0.2:25520");
    }
    return Arrays.stream(seeds.split(",")).map(seed -> "pekko://" + SYSTEM_NAME + "@" + seed).toList();
  }
}
