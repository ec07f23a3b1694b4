package io.streamlearn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.ops.cli.ClusterOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster traffic over TLS with the shipped {@code streamlearn-cluster-tls.conf}: a node holding the
 * cluster's certificate joins; a node with a certificate of its own, however it is configured
 * otherwise, is refused at the handshake and never becomes a member.
 */
class ClusterTlsIT {

  private static final String PASSWORD = "cluster-test-password";
  private final List<ActorSystem<Void>> systems = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ActorSystem<Void> system : systems) {
      system.terminate();
    }
    for (ActorSystem<Void> system : systems) {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeWithTheClusterCertificateJoinsAndOneWithoutIsRefused(@TempDir Path dir) throws Exception {
    Stores cluster = Stores.generate(dir.resolve("cluster"), "streamlearn-cluster");
    Stores stranger = Stores.generate(dir.resolve("stranger"), "someone-else");
    int seedPort = freePort();

    ActorSystem<Void> seed = start(cluster, seedPort, seedPort);
    ActorSystem<Void> member = start(cluster, freePort(), seedPort);
    awaitUp(seed, 2, Duration.ofSeconds(60));
    assertEquals(MemberStatus.up(), awaitSelfUp(member, Duration.ofSeconds(30)));

    ActorSystem<Void> refused = start(stranger, freePort(), seedPort);
    Thread.sleep(15_000); // three join attempts (seed-node-timeout 5 s)
    assertEquals(2, upMembers(seed), "the stranger is not a member");
    assertTrue(Cluster.get(refused).selfMember().status() != MemberStatus.up(),
        "the stranger is not up: " + Cluster.get(refused).selfMember().status());
  }

  private ActorSystem<Void> start(Stores stores, int port, int seedPort) {
    Config config = ConfigFactory.parseString("include classpath(\"streamlearn-cluster-tls.conf\")\n"
        + "streamlearn.cluster.tls.key-store = \"" + stores.keyStore() + "\"\n"
        + "streamlearn.cluster.tls.trust-store = \"" + stores.trustStore() + "\"\n"
        + "streamlearn.cluster.tls.password = \"" + PASSWORD + "\"\n"
        + "pekko.remote.artery.canonical.port = " + port + "\n"
        + "pekko.cluster.seed-nodes = [\"pekko://" + ClusterOptions.SYSTEM_NAME + "@127.0.0.1:" + seedPort + "\"]\n")
        .withFallback(ConfigFactory.load()).resolve();
    ActorSystem<Void> system = Node.newActorSystem(ClusterOptions.SYSTEM_NAME, config);
    systems.add(system);
    return system;
  }

  private static long upMembers(ActorSystem<?> system) {
    var members = Cluster.get(system).state().getMembers();
    long up = 0;
    for (var member : members) {
      up += member.status() == MemberStatus.up() ? 1 : 0;
    }
    return up;
  }

  private static void awaitUp(ActorSystem<?> system, int members, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (upMembers(system) < members) {
      assertTrue(System.nanoTime() < deadline, members + " members up within " + timeout);
      Thread.sleep(200);
    }
  }

  private static MemberStatus awaitSelfUp(ActorSystem<?> system, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Cluster.get(system).selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return Cluster.get(system).selfMember().status();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A key pair and a trust store holding its certificate, made with the JDK's keytool as the README shows. */
  private record Stores(Path keyStore, Path trustStore) {
    static Stores generate(Path dir, String name) throws Exception {
      java.nio.file.Files.createDirectories(dir);
      Path keyStore = dir.resolve("cluster-keystore.p12");
      Path trustStore = dir.resolve("cluster-truststore.p12");
      Path certificate = dir.resolve("cluster.crt");
      keytool("-genkeypair", "-alias", "cluster", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", keyStore.toString(),
          "-storepass", PASSWORD, "-keypass", PASSWORD);
      keytool("-exportcert", "-alias", "cluster", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
          "-file", certificate.toString());
      keytool("-importcert", "-noprompt", "-alias", "cluster", "-file", certificate.toString(), "-storetype",
          "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD);
      return new Stores(keyStore, trustStore);
    }

    private static void keytool(String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }
  }
}
