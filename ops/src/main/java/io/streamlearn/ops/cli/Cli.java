package io.streamlearn.ops.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * Runs a picocli command tree the way every streamlearn jar does: exit code 0 done, 1 failed, 2 a
 * mistake of the user's (bad flag, file or configuration), printed as one line with the fix.
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
    CommandLine cli = new CommandLine(root);
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
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof UserError)) {
        cause = cause.getCause();
      }
      if (cause instanceof UserError) {
        commandLine.getErr().println("error: " + cause.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
