package io.streamlearn.traffic.ads;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The ads traffic simulator's settings ({@code streamlearn.simulate.ads}) and the budget it spreads.
 *
 * @param runId appended to every campaign id (empty: none), so a second run against the same
 *     pipeline plays new campaigns instead of rounds those campaigns already passed
 */
public record AdsSimulationSettings(
    String environment, int campaigns, int ticksPerRound, Duration decisionTimeout, long seed,
    double totalUnits, double maxUnitsPerPlatform, String runId) {

  public static AdsSimulationSettings fromConfig(Config streamlearn) {
    Config sim = streamlearn.getConfig("simulate.ads");
    Config budget = streamlearn.getConfig("ads.budget");
    return new AdsSimulationSettings(
        sim.getString("environment"),
        sim.getInt("campaigns"),
        sim.getInt("ticks-per-round"),
        sim.getDuration("decision-timeout"),
        sim.getLong("seed"),
        budget.getDouble("total-units"),
        budget.getDouble("max-units-per-platform"),
        "");
  }

  /** The id of campaign {@code i} of this run. */
  public String campaignId(int i) {
    return String.format("campaign-%02d", i) + (runId.isEmpty() ? "" : "-" + runId);
  }

  public AdsSimulationSettings withCampaigns(int count) {
    return new AdsSimulationSettings(environment, count, ticksPerRound, decisionTimeout, seed, totalUnits,
        maxUnitsPerPlatform, runId);
  }

  public AdsSimulationSettings withRunId(String id) {
    return new AdsSimulationSettings(environment, campaigns, ticksPerRound, decisionTimeout, seed, totalUnits,
        maxUnitsPerPlatform, id);
  }
}
