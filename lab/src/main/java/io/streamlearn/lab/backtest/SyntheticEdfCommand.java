package io.streamlearn.lab.backtest;

import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.traffic.eeg.EdfReader;
import io.streamlearn.traffic.eeg.EdfWriter;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A seeded synthetic EEG recording saved as EDF+, its injected episodes as "seizure" annotations. */
@Command(name = "synthetic-edf", mixinStandardHelpOptions = true,
    description = "Write a seeded synthetic recording (streamlearn.simulate.eeg) as an EDF+C file that clinical viewers"
        + " open, with its injected episodes as 'seizure' annotations: scored input for `backtest`.")
public final class SyntheticEdfCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--minutes", defaultValue = "15", description = "Length (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--seed", defaultValue = "2", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "EDF file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!(minutes > 0)) {
      throw new UserError("--minutes must be above 0");
    }
    EegSimulationSettings sim = EegSimulationSettings.fromConfig(options.config().getConfig("streamlearn"), 0L)
        .withDuration(minutes * 60).withSeed(seed).withStartMillis(1_767_225_600_000L);
    String id = out.getFileName().toString().replaceFirst("(?i)\\.edf$", "");
    EegSource source = EegSource.synthetic(sim, id, 0);
    int total = (int) Math.round(sim.durationSeconds() * sim.sampleRateHz());
    double[][] samples = source.nextBlock(total);
    List<EdfWriter.Channel> channels = new ArrayList<>();
    for (int c = 0; c < samples.length; c++) {
      channels.add(new EdfWriter.Channel(source.channelLabels().get(c), source.units().get(c), sim.sampleRateHz(), samples[c]));
    }
    List<EdfReader.Annotation> annotations = new ArrayList<>();
    for (SyntheticEeg.Episode e : source.episodes()) {
      annotations.add(new EdfReader.Annotation((e.startMillis() - sim.startMillis()) / 1000.0,
          (e.endMillis() - e.startMillis()) / 1000.0, "seizure"));
    }
    EdfWriter.write(out, "X X X X", id, sim.startMillis(), 1.0, channels, annotations);
    System.out.println("wrote " + out + ": " + channels.size() + " channels at " + sim.sampleRateHz() + " Hz, "
        + minutes + " min, " + annotations.size() + " seizure annotations");
    return 0;
  }
}
