package io.streamlearn.traffic.ads;

import com.typesafe.config.Config;
import java.time.Duration;

/** The ads traffic simulator's settings ({@code streamlearn.simulate.ads}) and the budget it spreads. */
public record AdsSimulationSettings(
    String environment, int campaigns, int ticksPerRound, Duration decisionTimeout, long seed,
    double totalUnits, double maxUnitsPerPlatform) {

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
        budget.getDouble("max-units-per-platform"));
  }

  public AdsSimulationSettings withCampaigns(int count) {
    return new AdsSimulationSettings(environment, count, ticksPerRound, decisionTimeout, seed, totalUnits, maxUnitsPerPlatform);
  }
}
