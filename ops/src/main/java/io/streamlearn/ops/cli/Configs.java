package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.file.Path;

/** Configuration mistakes and unusable clusters turned into the user's one-line errors. */
public final class Configs {

  private Configs() {}

  /**
   * Checks every {@code streamlearn} key against the type of its default, so a value of the wrong
   * type stops the command at once, naming the key, the types and the file.
   */
  static Config checked(Config config, Path file) {
    try {
      config.checkValid(ConfigFactory.defaultReference().withFallback(ConfigFactory.load()), "streamlearn");
      return config;
    } catch (ConfigException e) {
      throw new UserError("bad configuration" + (file == null ? "" : " in " + file) + ": " + message(e));
    }
  }

  /** A configuration error as one line: where, which key, what was expected. */
  public static String message(ConfigException e) {
    return e.getMessage().replaceAll("\\s+", " ").trim();
  }

  /** The cluster, once it answered within {@code streamlearn.kafka.connect-deadline}. */
  public static KafkaClients reachable(KafkaClients kafka, Config config) {
    try {
      kafka.awaitCluster(config.getDuration("streamlearn.kafka.connect-deadline"));
      return kafka;
    } catch (KafkaClients.Unavailable e) {
      throw new UserError(e.getMessage());
    }
  }
}
