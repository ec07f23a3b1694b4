package io.streamlearn.lab;

import io.streamlearn.lab.backtest.BacktestCommand;
import io.streamlearn.lab.backtest.ExportFeedbackCommand;
import io.streamlearn.lab.backtest.RecordAdsSampleCommand;
import io.streamlearn.lab.backtest.SyntheticEdfCommand;
import io.streamlearn.lab.chat.TrainRxtCommand;
import io.streamlearn.ops.cli.Cli;
import java.util.Map;
import picocli.CommandLine.Command;

/** The lab's command line ({@code streamlearn-lab.jar}): seeded experiments and training. */
@Command(
    name = "streamlearn-lab",
    mixinStandardHelpOptions = true,
    version = "streamlearn-lab 0.1.0",
    description = "Reproducible experiments, training and backtests; each writes CSV, PNG and summary.json into --out.",
    subcommands = {ExperimentCommand.class, TrainRxtCommand.class, BacktestCommand.class, ExportFeedbackCommand.class,
        RecordAdsSampleCommand.class, SyntheticEdfCommand.class})
public final class LabMain {

  private static final Map<String, String> ELSEWHERE = Map.of(
      "bench", "java -jar bench/target/streamlearn-bench.jar bench ...",
      "chaos", "java -jar bench/target/streamlearn-bench.jar chaos ...",
      "demo", "java -jar ops/target/streamlearn.jar demo",
      "serve", "java -jar ops/target/streamlearn.jar serve ...");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return Cli.run(new LabMain(), ELSEWHERE, args);
  }
}
