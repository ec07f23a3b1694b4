package io.streamlearn.ops;

import io.streamlearn.ops.cli.Cli;
import java.util.Map;
import picocli.CommandLine.Command;

/** The runtime's command line ({@code streamlearn.jar}). */
@Command(
    name = "streamlearn",
    mixinStandardHelpOptions = true,
    version = "streamlearn 0.1.0",
    description = "Online learning on Kafka streams, one Pekko actor per entity.",
    footer = {"", "Experiments and training: java -jar lab/target/streamlearn-lab.jar;"
        + " benchmarks and chaos: java -jar bench/target/streamlearn-bench.jar."},
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      BrokerCommand.class,
      SimulateCommand.class,
      RecordCommand.class,
      ReplayCommand.class,
    })
public final class Main {

  /** Commands of the other jars, so a user who asks this one is told where they are. */
  private static final Map<String, String> ELSEWHERE = Map.of(
      "experiment", "java -jar lab/target/streamlearn-lab.jar experiment ...",
      "train-rxt", "java -jar lab/target/streamlearn-lab.jar train-rxt ...",
      "backtest", "java -jar lab/target/streamlearn-lab.jar backtest ...",
      "export-feedback", "java -jar lab/target/streamlearn-lab.jar export-feedback ...",
      "bench", "java -jar bench/target/streamlearn-bench.jar bench ...",
      "chaos", "java -jar bench/target/streamlearn-bench.jar chaos ...");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 usage or input error. */
  public static int run(String... args) {
    return Cli.run(new Main(), ELSEWHERE, args);
  }
}
