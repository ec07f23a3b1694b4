package io.streamlearn.ops.report;

import io.streamlearn.traffic.ads.AdsSimulator;

import java.io.PrintStream;

/** The simulator's verdict per policy: expected conversions against the clairvoyant and even spend. */
public final class AdsReport {

  private AdsReport() {}

  public static void print(AdsSimulator simulator, long rounds, PrintStream out) {
    out.printf("  %-16s %9s %14s %14s %14s %12s%n",
        "policy", "campaigns", "conversions", "oracle", "even split", "regret");
    for (AdsSimulator.PolicyResult r : simulator.results(rounds)) {
      out.printf("  %-16s %9d %,14.0f %,14.0f %,14.0f %,12.0f%n", r.policy(), r.campaigns(),
          r.meanExpectedConversions(), r.meanOracleConversions(), r.meanUniformConversions(), r.meanRegret());
    }
    out.println("  (per campaign over " + rounds + " rounds, expected conversions in steady state;"
        + " regret = oracle - policy; decisions missed: " + simulator.decisionTimeouts() + ")");
  }
}
