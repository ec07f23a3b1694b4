package io.streamlearn.actors.ads;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Configuration of the ads domain ({@code streamlearn.ads} in application.conf).
 *
 * @param platforms names of the platforms a campaign spends on; vectors follow this order
 * @param roundLengthMillis length of one round in event time
 * @param allowedLatenessMillis how long after a round's end its records are still accepted
 * @param epochMillis start of round 0; rounds are aligned to it
 * @param budgetUnit money per unit of the arm set (an arm of (1, 0.5, 0) spends 1 and 0.5 units)
 * @param conversionsPerRewardUnit conversions that make one unit of reward for the learner
 * @param arms the allocations a policy chooses from, in arm-set units
 * @param policies policy name per campaign ({@code defaultPolicy} for the others)
 * @param epsilon share of rounds whose arm is drawn uniformly instead of chosen by the policy
 *     (exploration, so that logged decisions support off-policy evaluation); 0 = none
 * @param epsilonByCampaign {@code epsilon} per campaign id, over the default
 */
public record AdsSettings(
    List<String> platforms,
    long roundLengthMillis,
    long allowedLatenessMillis,
    long epochMillis,
    double budgetUnit,
    double conversionsPerRewardUnit,
    ArmSet arms,
    String defaultPolicy,
    Map<String, String> policies,
    long seed,
    double epsilon,
    Map<String, Double> epsilonByCampaign) {

  public AdsSettings {
    checkEpsilon("streamlearn.ads.exploration.epsilon", epsilon);
    epsilonByCampaign.forEach((campaign, e) -> checkEpsilon("streamlearn.ads.exploration.by-campaign." + campaign, e));
  }

  private static void checkEpsilon(String key, double e) {
    if (!(e >= 0 && e <= 1)) {
      throw new IllegalArgumentException(key + " = " + e + ": exploration must be between 0 (none) and 1 (always uniform)");
    }
  }

  public static AdsSettings fromConfig(Config ads) {
    List<String> platforms = ads.getStringList("platforms");
    Config budget = ads.getConfig("budget");
    ArmSet arms = ArmSet.vertices(
        platforms.size(),
        budget.getDouble("total-units"),
        budget.getDouble("max-units-per-platform"),
        budget.getDouble("min-units-per-platform"));
    Map<String, String> policies = ads.getConfig("policy-by-campaign").root().unwrapped().entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    Config exploration = ads.getConfig("exploration");
    Map<String, Double> epsilons = exploration.getConfig("by-campaign").root().keySet().stream()
        .collect(Collectors.toUnmodifiableMap(k -> k, k -> exploration.getConfig("by-campaign").getDouble(
            ConfigUtil.joinPath(k))));
    return new AdsSettings(
        platforms,
        ads.getDuration("round-length").toMillis(),
        ads.getDuration("allowed-lateness").toMillis(),
        Instant.parse(ads.getString("epoch")).toEpochMilli(),
        budget.getDouble("unit"),
        ads.getDouble("conversions-per-reward-unit"),
        arms,
        ads.getString("policy"),
        policies,
        ads.getLong("seed"),
        exploration.getDouble("epsilon"),
        epsilons);
  }

  public String policyOf(String campaignId) {
    return policies.getOrDefault(campaignId, defaultPolicy);
  }


  /** The exploration share of a campaign's rounds. */
  public double epsilonOf(String campaignId) {
    return epsilonByCampaign.getOrDefault(campaignId, epsilon);
  }

  public long roundOf(long eventTimeMillis) {
    return Math.floorDiv(eventTimeMillis - epochMillis, roundLengthMillis);
  }

  public long roundStart(long round) {
    return epochMillis + round * roundLengthMillis;
  }

  /** Builds campaign entities whose policies come from {@code policyMaker(policyName, campaignId)}. */
  public EntityLogic.Factory<AdsEvent, AdsOutput> campaigns(BiFunction<String, String, BudgetPolicy> policyMaker) {
    return campaignId -> new CampaignLogic(campaignId, this, policyMaker.apply(policyOf(campaignId), campaignId));
  }
}
