package io.streamlearn.ops;

import io.streamlearn.ops.experiment.DynlinExperimentCommand;
import io.streamlearn.ops.experiment.EegAlertsExperimentCommand;
import io.streamlearn.ops.experiment.ReservoirExperimentCommand;
import io.streamlearn.ops.experiment.RxtExperimentCommand;
import picocli.CommandLine.Command;

/** Reproducible learning experiments; each writes CSV, PNG and summary.json into --out. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run a reproducible experiment (seeded) and write its curves, plots and summary.json into --out.",
    subcommands = {DynlinExperimentCommand.class, ReservoirExperimentCommand.class, EegAlertsExperimentCommand.class,
        RxtExperimentCommand.class})
final class ExperimentCommand {}
