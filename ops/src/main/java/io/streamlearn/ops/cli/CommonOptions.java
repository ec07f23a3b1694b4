package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    return config(Map.of());
  }

  /**
   * The configuration with the values of the flags the user gave over everything else (each flag
   * is a shorthand for a key; a flag left out leaves the key to the file and the defaults).
   */
  public Config config(Map<String, ?> flags) {
    Config base = ConfigFactory.load();
    Config merged = base;
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new UserError("config file " + configFile + " does not exist: pass an existing HOCON file to --config");
      }
      try {
        merged = ConfigFactory.parseFile(configFile.toFile()).withFallback(base).resolve();
      } catch (ConfigException e) {
        throw new UserError("bad configuration: " + Configs.message(e));
      }
    }
    Map<String, Object> given = new HashMap<>();
    flags.forEach((key, value) -> {
      if (value != null) {
        given.put(key, value);
      }
    });
    if (!given.isEmpty()) {
      merged = ConfigFactory.parseMap(given, "command-line flags").withFallback(merged);
    }
    return Configs.checked(merged);
  }

  /** Flag values by the keys they stand for, in pairs (key, value, key, value...); null values left out. */
  public static Map<String, Object> flags(Object... keysAndValues) {
    Map<String, Object> flags = new HashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        flags.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return flags;
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
