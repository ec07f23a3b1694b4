package io.streamlearn.broker;

import java.nio.file.Path;

/**
 * How an {@link EmbeddedKafka} starts.
 *
 * @param port the plaintext listener's port; 0 = a free one (or the one a kept data directory had)
 * @param dataDir where the broker keeps its logs across restarts; null = a temporary directory
 *     deleted on close
 * @param saslUser with {@code saslPassword}: a SASL_PLAINTEXT listener (mechanism PLAIN) that
 *     accepts this one user
 * @param tlsKeystore with {@code tlsPassword}: an SSL listener serving this PKCS12 key store's key
 * @param nodes KRaft nodes (each broker and controller) in one cluster; with 3 or more, topics
 *     get 3 replicas and need 2 in sync by default
 */
public record BrokerOptions(int port, Path dataDir, String saslUser, String saslPassword, Path tlsKeystore,
    String tlsPassword, int nodes) {

  public static BrokerOptions defaults() {
    return new BrokerOptions(0, null, null, null, null, null, 1);
  }

  public BrokerOptions withNodes(int n) {
    return new BrokerOptions(port, dataDir, saslUser, saslPassword, tlsKeystore, tlsPassword, n);
  }

  public BrokerOptions withPort(int p) {
    return new BrokerOptions(p, dataDir, saslUser, saslPassword, tlsKeystore, tlsPassword, nodes);
  }

  public BrokerOptions withDataDir(Path dir) {
    return new BrokerOptions(port, dir, saslUser, saslPassword, tlsKeystore, tlsPassword, nodes);
  }

  public BrokerOptions withSaslPlainUser(String user, String password) {
    return new BrokerOptions(port, dataDir, user, password, tlsKeystore, tlsPassword, nodes);
  }

  public BrokerOptions withTls(Path keystore, String password) {
    return new BrokerOptions(port, dataDir, saslUser, saslPassword, keystore, password, nodes);
  }
}
