package io.streamlearn.lab;

import io.streamlearn.lab.ads.DynLinExperimentCommand;
import io.streamlearn.lab.eeg.EegAlertsExperimentCommand;
import io.streamlearn.lab.eeg.EegForecastExperimentCommand;
import io.streamlearn.lab.eeg.ReservoirExperimentCommand;
import io.streamlearn.lab.chat.RxtExperimentCommand;
import io.streamlearn.lab.counterfactual.CounterfactualExperimentCommand;
import io.streamlearn.lab.ope.OpeCoverageCommand;
import picocli.CommandLine.Command;

/** Reproducible learning experiments; each writes CSV, PNG and summary.json into --out. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run a reproducible experiment (seeded) and write its curves, plots and summary.json into --out.",
    subcommands = {DynLinExperimentCommand.class, ReservoirExperimentCommand.class, EegAlertsExperimentCommand.class,
        EegForecastExperimentCommand.class, RxtExperimentCommand.class, OpeCoverageCommand.class,
        CounterfactualExperimentCommand.class})
final class ExperimentCommand {}
