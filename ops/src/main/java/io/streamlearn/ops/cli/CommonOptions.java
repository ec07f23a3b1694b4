package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka takes. */
public final class CommonOptions {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use (streamlearn.kafka.bootstrap). Without it, an embedded broker is started on loopback.")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON file merged over the built-in configuration.")
  Path configFile;

  /** The configuration: --config file over system properties over the modules' defaults. */
  public Config config() {
    Config base = ConfigFactory.load();
    if (configFile == null) {
      return Configs.checked(base, null);
    }
    if (!Files.isRegularFile(configFile)) {
      throw new UserError("config file " + configFile + " does not exist: pass an existing HOCON file to --config");
    }
    try {
      return Configs.checked(ConfigFactory.parseFile(configFile.toFile()).withFallback(base).resolve(), configFile);
    } catch (ConfigException e) {
      throw new UserError("bad configuration in " + configFile + ": " + e.getMessage());
    }
  }

  /** The --bootstrap flag, else streamlearn.kafka.bootstrap, else empty (start the embedded broker). */
  public String bootstrap(Config config) {
    if (bootstrap != null) {
      if (!bootstrap.matches("[^:\\s]+:\\d{1,5}(,[^:\\s]+:\\d{1,5})*")) {
        throw new UserError("--bootstrap '" + bootstrap + "' is not host:port[,host:port...], e.g. --bootstrap 127.0.0.1:9092");
      }
      return bootstrap;
    }
    return config.getString("streamlearn.kafka.bootstrap");
  }

  /**
   * The running cluster a command needs, with the configured client properties, answering within
   * {@code streamlearn.kafka.connect-deadline}.
   *
   * @param why what the command does with it, for the message when no address is given
   */
  public KafkaClients requireCluster(Config config, String why) {
    String address = bootstrap(config);
    if (address.isEmpty()) {
      throw new UserError(why + ": pass --bootstrap host:port (or set streamlearn.kafka.bootstrap)");
    }
    return Configs.reachable(KafkaClients.fromConfig(address, config.getConfig("streamlearn.kafka")), config);
  }
}
