package io.streamlearn.bench;

import io.streamlearn.bench.chaos.RecoveryBenchCommand;
import io.streamlearn.bench.e2e.DashboardBench;
import io.streamlearn.bench.e2e.EegCapacityBench;
import io.streamlearn.bench.e2e.EndToEndBench;
import io.streamlearn.bench.jmh.ModelBenchCommand;
import io.streamlearn.bench.jmh.ReservoirBenchCommand;

import picocli.CommandLine.Command;

/** Benchmarks of the running system (the models' JMH benchmarks have their own command, see README). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
    subcommands = {EndToEndBench.class, EegCapacityBench.class, DashboardBench.class, RecoveryBenchCommand.class,
        ModelBenchCommand.class, ReservoirBenchCommand.class})
public final class BenchCommand {}
