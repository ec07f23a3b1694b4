package io.streamlearn.ops.sim;

import com.typesafe.config.Config;
import java.time.Duration;

/** The ads traffic simulator's settings ({@code streamlearn.simulate.ads}) and the budget it spreads. */
public record SimulationSettings(
    String environment, int campaigns, int ticksPerRound, Duration decisionTimeout, long seed,
    double totalUnits, double maxUnitsPerPlatform) {

  public static SimulationSettings fromConfig(Config streamlearn) {
    Config sim = streamlearn.getConfig("simulate.ads");
    Config budget = streamlearn.getConfig("ads.budget");
    return new SimulationSettings(
        sim.getString("environment"),
        sim.getInt("campaigns"),
        sim.getInt("ticks-per-round"),
        sim.getDuration("decision-timeout"),
        sim.getLong("seed"),
        budget.getDouble("total-units"),
        budget.getDouble("max-units-per-platform"));
  }

  public SimulationSettings withCampaigns(int count) {
    return new SimulationSettings(environment, count, ticksPerRound, decisionTimeout, seed, totalUnits, maxUnitsPerPlatform);
  }
}
