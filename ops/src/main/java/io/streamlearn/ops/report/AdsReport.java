package io.streamlearn.ops.report;

import io.streamlearn.traffic.ads.AdsSimulator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's verdict per policy: expected conversions against the clairvoyant and even spend. */
public final class AdsReport {

  private AdsReport() {}

  public static void print(List<AdsSimulator.PolicyResult> results, long rounds, long decisionTimeouts, PrintStream out) {
    out.printf("  %-16s %9s %14s %14s %14s %12s%n",
        "policy", "campaigns", "conversions", "oracle", "even split", "regret");
    for (AdsSimulator.PolicyResult r : results) {
      out.printf("  %-16s %9d %,14.0f %,14.0f %,14.0f %,12.0f%n", r.policy(), r.campaigns(),
          r.meanExpectedConversions(), r.meanOracleConversions(), r.meanUniformConversions(), r.meanRegret());
    }
    out.println("  (per campaign over " + rounds + " rounds, expected conversions in steady state;"
        + " regret = oracle - policy; decisions missed: " + decisionTimeouts + ")");
  }

  /** The same numbers for summary.json: per policy, means per campaign over the rounds played. */
  public static Map<String, Object> json(List<AdsSimulator.PolicyResult> results, long rounds, long decisionTimeouts) {
    Map<String, Object> byPolicy = new LinkedHashMap<>();
    for (AdsSimulator.PolicyResult r : results) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("campaigns", r.campaigns());
      p.put("conversions", r.meanExpectedConversions());
      p.put("oracle", r.meanOracleConversions());
      p.put("even_split", r.meanUniformConversions());
      p.put("regret", r.meanRegret());
      byPolicy.put(r.policy(), p);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rounds", rounds);
    json.put("decisions_missed", decisionTimeouts);
    json.put("policies", byPolicy);
    return json;
  }
}
