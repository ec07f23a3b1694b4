package io.streamlearn.ops.cli;

import com.typesafe.config.ConfigException;
import io.streamlearn.streams.kafka.KafkaClients;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * Runs a picocli command tree the way every streamlearn jar does: exit code 0 done, 1 failed, 2 a
 * mistake of the user's (bad flag, file, configuration, unreachable or refusing cluster, port in
 * use), printed as one line with the fix. Stack traces only with {@code --verbose}.
 */
public final class Cli {

  static {
    // Avro 1.12 only instantiates generated classes from trusted packages; set before Avro loads.
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamlearn.schemas");
  }

  private Cli() {}

  /**
   * Parses and runs {@code args} against {@code root}.
   *
   * @param elsewhere commands that live in another jar, with the command line that runs them there
   */
  public static int run(Object root, Map<String, String> elsewhere, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    Logs.configure(args);
    CommandLine cli = new CommandLine(root);
    cli.setResourceBundle(new ConfigDefaults());
    cli.getCommandSpec().addOption(OptionSpec.builder("--verbose").scopeType(ScopeType.INHERIT)
        .description("Print stack traces of errors.").build());
    cli.getCommandSpec().addOption(OptionSpec.builder("--log-format").scopeType(ScopeType.INHERIT)
        .paramLabel("text|json").type(String.class).defaultValue("text")
        .description("Log lines as text or as JSON objects, one per line (default: ${DEFAULT-VALUE};"
            + " or STREAMLEARN_LOG_FORMAT).").build());
    cli.setParameterExceptionHandler((e, a) -> {
      String hint = a.length > 0 ? elsewhere.get(a[0]) : null;
      if (hint != null && e instanceof CommandLine.UnmatchedArgumentException) {
        e.getCommandLine().getErr().println("error: `" + a[0] + "` is not in this jar: run it as " + hint);
      } else {
        e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see: "
            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
      }
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String userMessage = userMessage(e);
      if (verbose) {
        e.printStackTrace(err);
      }
      if (userMessage != null) {
        err.println("error: " + userMessage);
        return 2;
      }
      err.println("error: " + oneLine(e) + (verbose ? "" : " (--verbose prints the stack trace)"));
      return 1;
    });
    return cli.execute(args);
  }

  /** The user's mistake behind a failure, as one line, or null when it is not one. */
  static String userMessage(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UserError || cause instanceof KafkaClients.Unavailable) {
        return cause.getMessage();
      }
      if (cause instanceof ConfigException config) {
        return "bad configuration: " + Configs.message(config);
      }
      if (cause == cause.getCause()) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root && !(root instanceof UncheckedIOException)) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
