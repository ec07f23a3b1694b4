package io.streamlearn.lab.eeg;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.traffic.eeg.EdfReader;
import io.streamlearn.traffic.eeg.EegSource;
import io.streamlearn.traffic.eeg.SyntheticEeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forecast skill of the live EEG model over persistence and AR: synthetic recordings with realistic
 * spectra by default, or an EDF file, fed as live through the eeg domain's logic with the live
 * settings ({@link ForecastEvaluation}); writes nrmse.csv, nrmse.png and summary.json (with
 * {@code skill_over_persistence} and {@code skill_over_ar} per horizon in samples).
 */
@Command(name = "eeg-forecast", mixinStandardHelpOptions = true,
    description = "EEG forecast NRMSE of the live model, AR(p) and persistence per channel and horizon, second half of"
        + " each recording (streamlearn.eeg settings; override with -Dkey=value).")
public final class EegForecastExperimentCommand implements Callable<Integer> {

  @Option(names = "--edf", paramLabel = "FILE", description = "An EDF/EDF+ recording instead of synthetic ones.")
  Path edf;

  @Option(names = "--recordings", defaultValue = "4", description = "Synthetic recordings (default: ${DEFAULT-VALUE}).")
  int recordings;

  @Option(names = "--minutes", defaultValue = "2", description = "Length of each synthetic recording (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--channels", defaultValue = "14", description = "Synthetic channels (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--rate", defaultValue = "128", description = "Synthetic sample rate in Hz (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--line-hz", defaultValue = "50", description = "Mains frequency of the synthetic line noise (default: ${DEFAULT-VALUE}).")
  double lineHz;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic recordings (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (recordings < 1 || !(minutes > 0) || channels < 1 || !(rate > 0) || !(lineHz >= 0) || lineHz >= rate / 2) {
      throw new UserError("--recordings and --channels must be at least 1, --minutes and --rate above 0, --line-hz in"
          + " [0, rate/2)");
    }
    EegSettings settings;
    try {
      settings = EegSettings.fromConfig(ConfigFactory.load().getConfig("streamlearn.eeg"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserError("bad streamlearn.eeg configuration: " + e.getMessage());
    }
    List<EegSource> sources = sources();
    List<ForecastEvaluation.Result> results = new ArrayList<>();
    try (Progress progress = Progress.start("eeg-forecast", sources.size(), "recordings")) {
      for (EegSource s : sources) {
        results.add(ForecastEvaluation.run(s, settings, 0.25));
        progress.step(1);
      }
    }
    ForecastReport.write(out, results, settings, edf == null ? "synthetic" : edf.toString());
    return 0;
  }

  private List<EegSource> sources() {
    List<EegSource> out = new ArrayList<>();
    if (edf != null) {
      if (!Files.isRegularFile(edf)) {
        throw new UserError("--edf: no such file " + edf);
      }
      try {
        EdfReader.Recording r = EdfReader.read(edf);
        out.add(EegSource.edf(r, edf.getFileName().toString(), 0));
      } catch (IOException | RuntimeException e) {
        throw new UserError("--edf: cannot read " + edf + ": " + e.getMessage());
      }
      return out;
    }
    for (int i = 0; i < recordings; i++) {
      double seconds = minutes * 60;
      long recordingSeed = seed * 1_000_003L + i;
      SyntheticEeg eeg = new SyntheticEeg(channels, rate, seconds, 1_767_225_600_000L, 0, recordingSeed)
          .withRealism(lineHz, 3, recordingSeed);
      out.add(EegSource.synthetic(eeg, String.format(Locale.ROOT, "synthetic-%02d", i), seconds));
    }
    return out;
  }
}
