package io.streamlearn.ops.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * Chooses the log format before the first logger exists: text lines (logback.xml) or one JSON object
 * per line (logback-json.xml, Logback's own JsonEncoder), by {@code --log-format} or the
 * {@code STREAMLEARN_LOG_FORMAT} environment variable; with {@code --verbose}, the Kafka clients' own
 * warnings too.
 */
final class Logs {

  private Logs() {}

  static void configure(String[] args) {
    String format = System.getenv().getOrDefault("STREAMLEARN_LOG_FORMAT", "text");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        format = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        format = args[i].substring("--log-format=".length());
      }
    }
    if (Arrays.asList(args).contains("--verbose")) {
      System.setProperty("streamlearn.kafka.clients.log", "WARN");
      System.setProperty("streamlearn.kafka.network.log", "WARN");
    }
    if (format.toLowerCase(Locale.ROOT).equals("json") && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
