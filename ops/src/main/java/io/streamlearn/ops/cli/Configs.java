package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.streamlearn.streams.kafka.KafkaClients;
import java.util.Map;

/** Configuration mistakes and unusable clusters turned into the user's one-line errors. */
public final class Configs {

  private Configs() {}

  /**
   * Checks every {@code streamlearn} key against the type of its default, so a value of the wrong
   * type stops the command at once, naming the key, the types and the file. (Typesafe Config's own
   * checkValid accepts any string where a number or duration is expected: it could be converted.)
   */
  static Config checked(Config config) {
    // The shipped defaults alone: defaultReference() and load() already hold -D overrides.
    Config defaults = ConfigFactory.parseResources("application.conf")
        .withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
    try {
      config.checkValid(defaults, "streamlearn");
      for (Map.Entry<String, ConfigValue> entry : defaults.getConfig("streamlearn").entrySet()) {
        String path = "streamlearn." + entry.getKey();
        ConfigValue reference = entry.getValue();
        switch (reference.valueType()) {
          case NUMBER -> config.getNumber(path);
          case BOOLEAN -> config.getBoolean(path);
          case STRING -> {
            if (isDuration(defaults, path)) {
              config.getDuration(path);
            }
          }
          default -> {
            // lists and objects: checkValid compared their types
          }
        }
      }
      return config;
    } catch (ConfigException e) {
      // Typesafe's message starts with the origin: the file and line, or "system properties".
      throw new UserError("bad configuration: " + message(e));
    }
  }

  private static boolean isDuration(Config defaults, String path) {
    try {
      defaults.getDuration(path);
      return true;
    } catch (ConfigException e) {
      return false;
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
