package io.streamlearn.lab.ads;

import io.streamlearn.lab.report.Charts;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.ops.cli.Progress;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The paper's experiment (Mussi, Metelli, Restelli, "Dynamical Linear Bandits", ICML 2023): every
 * policy plays the configured linear dynamical system for --horizon rounds in --trials trials with
 * common random numbers; writes regret.csv, regret.png and summary.json into --out. With
 * --rho-bar-factors, the ρ̄-dependent policies are run once per misspecified ρ̄.
 */
@Command(name = "dynlin", mixinStandardHelpOptions = true,
    description = "Dynamical Linear Bandits experiment: cumulative pseudo-regret of DynLin-UCB and its baselines.")
public final class DynLinExperimentCommand implements Callable<Integer> {

  /** Policies whose behaviour does not depend on ρ̄: run once even with several --rho-bar-factors. */
  private static final Set<String> RHO_FREE = Set.of("LinUCB", "D-LinUCB", "Expert", "Clairvoyant");

  /** Largest ρ̄ a factor may produce (ρ̄ must stay below 1). */
  static final double RHO_BAR_CAP = 0.99;

  @Option(names = "--world", defaultValue = "synt_sigma0dot01", paramLabel = "NAME|FILE",
      description = "The simulated system: a paper config (synt_sigma0dot1, synt_sigma0dot01, synt_sigma0dot001, realdata) or a JSON file "
          + "in the authors' format (default: ${DEFAULT-VALUE}).")
  String world;

  @Option(names = "--trials", defaultValue = "10", description = "Independent trials (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--horizon", defaultValue = "1000000", description = "Rounds per trial (default: ${DEFAULT-VALUE}).")
  long horizon;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of noise and policies (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--policies", split = ",", paramLabel = "NAME",
      description = "Comma-separated policies (default: all; Expert only if the config has one). Valid: "
          + "DynLin-UCB, DynLin-UCB-lnT, LinUCB, LinUCB-lnT, D-LinUCB, D-LinUCB-lnT, Exp3, Batch-Exp3, AR2, Expert, Clairvoyant.")
  List<String> policies;

  @Option(names = "--rho-bar-factors", split = ",", defaultValue = "1", paramLabel = "F",
      description = "Misspecification study: ρ̄ = F·ρ for each number F, 'mid' = (1+ρ)/2; capped at " + RHO_BAR_CAP
          + " (default: ${DEFAULT-VALUE}, the true ρ).")
  List<String> rhoBarFactors;

  @Option(names = "--samples", defaultValue = "400", description = "Points per regret curve (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--threads", description = "Trials run in parallel (default: available processors).")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  /** One curve: a policy under one ρ̄. */
  private record Run(String label, String policy, double rhoBar, DynLinExperiment.Curve curve, double[] finals,
      double seconds) {}

  @Override
  public Integer call() throws Exception {
    if (trials < 1 || horizon < 1 || samples < 1) {
      throw new UserError("--trials, --horizon and --samples must be at least 1");
    }
    DynLinConfig cfg;
    try {
      cfg = DynLinConfig.load(world);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    List<String> names = policyNames(cfg);
    DynLinExperiment experiment = new DynLinExperiment(cfg, horizon, trials, seed, samples);
    DynLinBounds truth = experiment.trueBounds();
    double rho = truth.rhoBar();
    List<double[]> rhoBars = rhoBars(rho); // {factor label index, value}
    int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (nThreads < 1) {
      throw new UserError("--threads must be at least 1");
    }

    System.out.printf(Locale.ROOT, "dynlin: config %s, T = %d, %d trials, seed %d; ρ = %.4f, J* = %.4f, u* = %s%n",
        cfg.name(), horizon, trials, seed, rho, experiment.optimalValue(), Arrays.toString(experiment.uStar()));

    List<Run> runs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
      Thread t = new Thread(r, "dynlin-trial");
      t.setDaemon(true);
      return t;
    });
    long policyRuns = 0;
    for (int f = 0; f < rhoBars.size(); f++) {
      int factor = f;
      policyRuns += names.stream().filter(name -> runsAt(factor, name)).count();
    }
    try (Progress progress = Progress.start("dynlin " + cfg.name(), policyRuns * trials, "trials")) {
      for (int f = 0; f < rhoBars.size(); f++) {
        double rhoBar = rhoBars.get(f)[0];
        boolean trueRho = rhoBars.size() == 1 && rhoBarFactors.size() == 1 && rhoBarFactors.get(0).trim().equals("1");
        DynLinBounds bounds = truth.withRhoBar(rhoBar);
        for (String name : names) {
          if (!runsAt(f, name)) {
            continue;
          }
          String label = trueRho || RHO_FREE.contains(name)
              ? name
              : String.format(Locale.ROOT, "%s (ρ̄=%s=%.4f)", name, factorLabel(rhoBarFactors.get(f)), rhoBar);
          runs.add(runPolicy(pool, experiment, name, label, bounds, progress));
          Run r = runs.get(runs.size() - 1);
          System.out.printf(Locale.ROOT, "  %-40s %12.1f ± %10.1f  %8.2f s%n", label, r.curve.finalMean(), r.curve.finalStd(), r.seconds);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    write(experiment, runs);
    return 0;
  }

  /** Whether {@code name} runs at the f-th ρ̄ factor: a policy that ignores ρ̄ runs at the first only. */
  private static boolean runsAt(int f, String name) {
    return f == 0 || !RHO_FREE.contains(name);
  }

  private List<String> policyNames(DynLinConfig cfg) {
    List<String> names = new ArrayList<>();
    if (policies == null || policies.isEmpty()) {
      for (String n : PolicyFactory.NAMES) {
        if (!n.equals("Expert") || cfg.expertAllocation().isPresent()) {
          names.add(n);
        }
      }
      return names;
    }
    for (String p : policies) {
      String n;
      try {
        n = PolicyFactory.canonicalName(p);
      } catch (IllegalArgumentException e) {
        throw new UserError("--policies: " + e.getMessage());
      }
      if (n.equals("Expert") && cfg.expertAllocation().isEmpty()) {
        throw new UserError("--policies: config '" + cfg.name() + "' has no expert allocation; drop Expert or use --world realdata");
      }
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    return names;
  }

  private static String factorLabel(String factor) {
    String f = factor.trim();
    return f.equalsIgnoreCase("mid") ? "(1+ρ)/2" : f + "ρ";
  }

  private List<double[]> rhoBars(double rho) {
    List<double[]> out = new ArrayList<>();
    for (String f : rhoBarFactors) {
      String s = f.trim().toLowerCase(Locale.ROOT);
      double v;
      if (s.equals("mid")) {
        v = (1 + rho) / 2;
      } else {
        double factor;
        try {
          factor = Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new UserError("--rho-bar-factors: '" + f + "' is neither a number nor 'mid', e.g. --rho-bar-factors 1,1.5,2,mid,0.5");
        }
        if (!(factor >= 0) || Double.isInfinite(factor)) {
          throw new UserError("--rho-bar-factors: '" + f + "' must be a non-negative number");
        }
        v = factor * rho;
      }
      if (v > RHO_BAR_CAP) {
        System.out.printf(Locale.ROOT, "note: ρ̄ = %s·ρ = %.4f is not below 1; capped at %.2f%n", f.trim(), v, RHO_BAR_CAP);
        v = RHO_BAR_CAP;
      }
      out.add(new double[] {v});
    }
    return out;
  }

  private Run runPolicy(ExecutorService pool, DynLinExperiment ex, String name, String label, DynLinBounds bounds,
      Progress progress) throws InterruptedException {
    long start = System.nanoTime();
    List<Future<double[]>> futures = new ArrayList<>();
    for (int i = 0; i < ex.trials(); i++) {
      int trial = i;
      futures.add(pool.submit(() -> {
        BudgetPolicy policy = ex.newPolicy(name, trial, bounds);
        return ex.runTrial(policy, trial);
      }));
    }
    List<double[]> perTrial = new ArrayList<>();
    for (Future<double[]> f : futures) {
      try {
        perTrial.add(f.get());
        progress.step(1);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof IllegalArgumentException) {
          throw new UserError(label + ": " + c.getMessage());
        }
        throw new IllegalStateException(label + " failed: " + c, c);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    DynLinExperiment.Curve curve = DynLinExperiment.aggregate(label, ex.sampleRounds(), perTrial);
    double[] finals = perTrial.stream().mapToDouble(c -> c[c.length - 1]).toArray();
    return new Run(label, name, bounds.rhoBar(), curve, finals, seconds);
  }

  private void write(DynLinExperiment ex, List<Run> runs) throws Exception {
    long[] rounds = ex.sampleRounds();
    double[] x = new double[rounds.length];
    for (int i = 0; i < rounds.length; i++) {
      x[i] = rounds[i];
    }
    Map<String, double[]> columns = new LinkedHashMap<>();
    columns.put("round", x);
    Map<String, double[]> means = new LinkedHashMap<>();
    Map<String, double[]> bands = new LinkedHashMap<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    for (Run r : runs) {
      columns.put(r.label + " mean", r.curve.mean());
      columns.put(r.label + " stderr", r.curve.stderr());
      if (!r.policy.equals("Clairvoyant")) {
        means.put(r.label, r.curve.mean());
        bands.put(r.label, r.curve.stderr());
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("final_regret_mean", r.curve.finalMean());
      s.put("final_regret_std", r.curve.finalStd());
      s.put("final_regret_stderr", r.curve.stderr()[r.curve.stderr().length - 1]);
      // Per trial, for comparisons that must be made trial by trial (bimodal policies).
      s.put("final_regret_per_trial", r.finals);
      s.put("seconds", r.seconds);
      s.put("rho_bar", r.rhoBar);
      s.put("trials", r.curve.trials());
      summary.put(r.label, s);
    }
    ResultsWriter.writeCsv(out.resolve("regret.csv"), columns);
    ResultsWriter.writeSummary(out, summary);
    String title = String.format(Locale.ROOT, "%s: cumulative pseudo-regret, mean ± std/√n over %d trials",
        ex.config().name(), ex.trials());
    Charts.writePng(out.resolve("regret.png"),
        Charts.lineChartWithBands(title, "Rounds", "Cumulative regret", x, means, bands));
    System.out.println("wrote " + out.resolve("regret.csv") + ", " + out.resolve("regret.png") + ", " + out.resolve("summary.json"));
  }
}
