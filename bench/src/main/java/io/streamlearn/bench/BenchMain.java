package io.streamlearn.bench;

import io.streamlearn.bench.chaos.ChaosCommand;
import io.streamlearn.ops.cli.Cli;
import java.util.Map;
import picocli.CommandLine.Command;

/** The bench's command line ({@code streamlearn-bench.jar}): benchmarks and fault injection. */
@Command(
    name = "streamlearn-bench",
    mixinStandardHelpOptions = true,
    version = "streamlearn-bench 0.1.0",
    description = "Benchmarks (JMH, end to end, EEG capacity) and chaos runs; each writes summary.json, CSV and PNG into --out.",
    subcommands = {BenchCommand.class, ChaosCommand.class})
public final class BenchMain {

  private static final Map<String, String> ELSEWHERE = Map.of(
      "experiment", "java -jar lab/target/streamlearn-lab.jar experiment ...",
      "train-rxt", "java -jar lab/target/streamlearn-lab.jar train-rxt ...",
      "backtest", "java -jar lab/target/streamlearn-lab.jar backtest ...",
      "export-feedback", "java -jar lab/target/streamlearn-lab.jar export-feedback ...",
      "demo", "java -jar ops/target/streamlearn.jar demo",
      "serve", "java -jar ops/target/streamlearn.jar serve ...");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return Cli.run(new BenchMain(), ELSEWHERE, args);
  }
}
