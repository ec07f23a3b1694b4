package io.streamlearn.lab.counterfactual;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.traffic.ads.DynLinConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Policies as a live campaign gets them ({@code streamlearn.ads}: configured bounds, horizon, the
 * campaign's seed, no exploration), for runs against a known system; the Expert takes the system's
 * expert allocation.
 */
public final class LivePolicies {

  static final String CAMPAIGN = "campaign-00";

  private LivePolicies() {}

  public static Function<String, BudgetPolicy> of(DynLinConfig cfg) {
    return of(ConfigFactory.load().getConfig("streamlearn.ads"), cfg);
  }

  public static Function<String, BudgetPolicy> of(Config ads, DynLinConfig cfg) {
    Config withExpert = cfg.expertAllocation()
        .map(e -> ConfigFactory.parseMap(Map.of("expert-allocation", Arrays.stream(e).boxed().toList())).withFallback(ads))
        .orElse(ads);
    AdsSettings settings = AdsSettings.fromConfig(withExpert);
    if (settings.arms().size() != cfg.arms().size() || settings.arms().dimension() != cfg.arms().dimension()) {
      throw new IllegalArgumentException("streamlearn.ads.budget gives " + settings.arms() + ", config " + cfg.name()
          + " has " + cfg.arms());
    }
    BiFunction<String, String, BudgetPolicy> policies = AdsDomain.policies(withExpert, settings);
    return name -> policies.apply(name, CAMPAIGN);
  }
}
