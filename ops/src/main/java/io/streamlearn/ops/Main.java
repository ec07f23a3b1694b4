package io.streamlearn.ops;

import io.streamlearn.ops.bench.BenchCommand;
import io.streamlearn.ops.chat.TrainRxtCommand;
import io.streamlearn.ops.chaos.ChaosCommand;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The streamlearn command line. */
@Command(
    name = "streamlearn",
    mixinStandardHelpOptions = true,
    version = "streamlearn 0.1.0",
    description = "Online learning on Kafka streams, one Pekko actor per entity.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      BrokerCommand.class,
      SimulateCommand.class,
      RecordCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
      ChaosCommand.class,
      ExperimentCommand.class,
      TrainRxtCommand.class,
    })
public final class Main {

  static {
    // Avro 1.12 only instantiates generated classes from trusted packages; set before Avro loads.
    System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamlearn.schemas");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 usage or input error. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see: "
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
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
