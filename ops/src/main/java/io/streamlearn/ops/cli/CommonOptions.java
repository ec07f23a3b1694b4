package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka takes. */
public final class CommonOptions {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use. Without it, an embedded broker is started on loopback.")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON file merged over the built-in application.conf.")
  Path configFile;

  /** The configuration: --config file over system properties over application.conf. */
  public Config config() {
    Config base = ConfigFactory.load();
    if (configFile == null) {
      return base;
    }
    if (!Files.isRegularFile(configFile)) {
      throw new UserError("config file " + configFile + " does not exist: pass an existing HOCON file to --config");
    }
    try {
      Config merged = ConfigFactory.parseFile(configFile.toFile()).withFallback(base).resolve();
      merged.checkValid(ConfigFactory.defaultReference().withFallback(base), "streamlearn");
      return merged;
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
}
