package io.streamlearn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.BrokerOptions;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that wants SASL or TLS is reached with the settings of streamlearn.kafka.client alone,
 * by every client on the path (topic admin, pipeline, recovery, parked states, simulators,
 * readers); the wrong secret stops a command in seconds with one line naming the cause.
 */
class SecuredClusterIT {

  @Test
  void theDemoRunsOverSaslAndAWrongPasswordStopsInSeconds(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerOptions.defaults().withSaslPlainUser("alice", "alice-secret"))) {
      Path good = sasl(dir.resolve("sasl.conf"), "alice-secret");
      int code = Main.run("demo", "--bootstrap", kafka.saslBootstrapServers(), "--config", good.toString(),
          "--rounds", "12", "--campaigns", "2", "--recordings", "1", "--conversations", "2", "--http-port", "0");
      assertEquals(0, code, "the demo over SASL");
      Config config = ConfigFactory.parseFile(good.toFile()).withFallback(ConfigFactory.load()).resolve();
      KafkaClients clients = KafkaClients.fromConfig(kafka.saslBootstrapServers(), config.getConfig("streamlearn.kafka"));
      long decisions = CommittedReader.readUntil(clients, AdsDomain.DECISIONS, r -> r.size() >= 24, Duration.ofSeconds(30))
          .size();
      assertTrue(decisions >= 24, "decisions read back over SASL: " + decisions);

      Path bad = sasl(dir.resolve("bad.conf"), "not-the-password");
      ChildJvm.Outcome o = ChildJvm.run(List.of(), Duration.ofSeconds(60),
          "serve", "--bootstrap", kafka.saslBootstrapServers(), "--config", bad.toString());
      assertEquals(2, o.exitCode(), o.stderr().toString());
      assertEquals(1, o.errorLines().size(), o.stderr().toString());
      assertTrue(o.errorLines().get(0).contains("refused the credentials"), o.errorLines().get(0));
      assertTrue(!String.join("\n", o.stderr()).contains("not-the-password"), "the password is never printed");
      assertTrue(o.took().compareTo(Duration.ofSeconds(20)) < 0, "took " + o.took());
    }
  }

  @Test
  void thePipelineRunsOverTlsAndAClientWithoutTheTrustStoreIsToldSo(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("broker.p12");
    Path truststore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", dir.resolve("broker.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve("broker.crt").toString(),
        "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerOptions.defaults().withTls(keystore, "changeit"))) {
      Path conf = dir.resolve("tls.conf");
      Files.writeString(conf, "streamlearn.kafka.client {\n"
          + "  \"security.protocol\" = SSL\n"
          + "  \"ssl.truststore.location\" = \"" + truststore + "\"\n"
          + "  \"ssl.truststore.type\" = PKCS12\n"
          + "  \"ssl.truststore.password\" = changeit\n"
          + "}\n");
      Config config = ConfigFactory.parseFile(conf.toFile()).withFallback(ConfigFactory.load()).resolve();
      try (Node node = Node.open(config, kafka.tlsBootstrapServers())) {
        List<Domain<?, ?>> domains = List.of(DomainCatalog.create(AdsDomain.NAME, config));
        node.ensureTopics(domains);
        node.startPipelines(domains);
        AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(config.getConfig("streamlearn")).withCampaigns(2);
        try (AdsSimulator simulator = new AdsSimulator(node.kafka(),
            AdsSettings.fromConfig(config.getConfig("streamlearn.ads")), sim)) {
          for (long round = 0; round < 8; round++) {
            simulator.playRound(round);
          }
          assertEquals(0, simulator.decisionTimeouts(), "every round decided over TLS");
        }
      }

      Path plain = dir.resolve("no-trust.conf");
      Files.writeString(plain, "streamlearn.kafka.client { \"security.protocol\" = SSL }\n");
      ChildJvm.Outcome o = ChildJvm.run(List.of(), Duration.ofSeconds(60), "record", "--bootstrap",
          kafka.tlsBootstrapServers(), "--config", plain.toString(), "--topics", AdsDomain.DECISIONS, "--out",
          dir.resolve("r.avro").toString());
      assertEquals(2, o.exitCode(), o.stderr().toString());
      assertEquals(1, o.errorLines().size(), o.stderr().toString());
      assertTrue(o.errorLines().get(0).contains("TLS handshake"), o.errorLines().get(0));
      assertTrue(o.took().compareTo(Duration.ofSeconds(20)) < 0, "took " + o.took());
    }
  }

  private static Path sasl(Path file, String password) throws Exception {
    Files.writeString(file, "streamlearn.kafka.client {\n"
        + "  \"security.protocol\" = SASL_PLAINTEXT\n"
        + "  \"sasl.mechanism\" = PLAIN\n"
        + "  \"sasl.jaas.config\" = \"org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\\\"alice\\\" password=\\\"" + password + "\\\";\"\n"
        + "}\n"
        // Short recordings keep the demo brief.
        + "streamlearn.demo.eeg.duration = 40s\n");
    return file;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + String.join(" ", args) + ": " + output);
  }
}
