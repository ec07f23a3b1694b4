package io.streamlearn.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.actors.chat.ChatSettings;
import io.streamlearn.actors.eeg.EegSettings;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.models.eeg.EegMonitor;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Builds each domain from configuration; the one place that knows every domain. */
public final class DomainCatalog {

  public static final List<String> NAMES = List.of("ads", "eeg", "chat");

  private DomainCatalog() {}

  /** The domains listed in {@code streamlearn.domains}. */
  public static List<Domain<?, ?>> configured(Config config) {
    List<Domain<?, ?>> domains = new ArrayList<>();
    for (String name : config.getStringList("streamlearn.domains")) {
      domains.add(create(name, config));
    }
    return domains;
  }

  public static Domain<?, ?> create(String name, Config config) {
    try {
      return switch (name) {
        case "ads" -> ads(config.getConfig("streamlearn.ads"));
        case "eeg" -> eeg(config.getConfig("streamlearn.eeg"));
        case "chat" -> chat(config.getConfig("streamlearn.chat"));
        default -> throw new UserError("unknown domain '" + name + "': valid domains are " + NAMES);
      };
    } catch (ConfigException e) {
      throw new UserError("bad configuration: " + e.getMessage());
    }
  }

  private static AdsDomain ads(Config adsConfig) {
    AdsSettings settings = AdsSettings.fromConfig(adsConfig);
    long horizon = adsConfig.getLong("horizon");
    Config b = adsConfig.getConfig("bounds");
    DynLinBounds bounds;
    try {
      bounds = new DynLinBounds(b.getDouble("rho-bar"), b.getDouble("phi-bar"), b.getDouble("omega"),
          b.getDouble("theta"), b.getDouble("b-bar"), b.getDouble("sigma"), 1.0 / horizon);
    } catch (IllegalArgumentException e) {
      throw new UserError("bad streamlearn.ads.bounds: " + e.getMessage());
    }
    double[] expert = adsConfig.getDoubleList("expert-allocation").stream().mapToDouble(Double::doubleValue).toArray();
    BiFunction<String, String, BudgetPolicy> policies = (policy, campaignId) -> PolicyFactory.create(
        policy, settings.arms(), horizon, settings.seedOf(campaignId), bounds,
        PolicyFactory.canonicalName(policy).equals("Expert") ? expert : null);
    // Fail at start, with the fix, rather than on a campaign's first record.
    List<String> named = new ArrayList<>(settings.policies().values());
    named.add(settings.defaultPolicy());
    for (String policy : named) {
      try {
        if (PolicyFactory.canonicalName(policy).equals("Clairvoyant")) {
          throw new UserError("streamlearn.ads: Clairvoyant plays the true best allocation, which a live system does not"
              + " know; it runs in `experiment dynlin` only. Choose another policy.");
        }
        if (PolicyFactory.canonicalName(policy).equals("Expert") && expert.length == 0) {
          throw new UserError("streamlearn.ads: policy Expert needs streamlearn.ads.expert-allocation"
              + " (one budget share per platform, in arm-set units)");
        }
        policies.apply(policy, "configuration-check");
      } catch (IllegalArgumentException e) {
        throw new UserError("streamlearn.ads: " + e.getMessage());
      }
    }
    return new AdsDomain(settings, settings.campaigns(policies));
  }

  private static EegDomain eeg(Config eegConfig) {
    EegSettings settings;
    try {
      settings = EegSettings.fromConfig(eegConfig);
      // Fail at start, with the fix, rather than on a recording's first block.
      new EegMonitor(settings.monitorConfig("configuration-check", 1, 256));
    } catch (IllegalArgumentException e) {
      throw new UserError("streamlearn.eeg: " + e.getMessage());
    }
    return new EegDomain(settings.recordings());
  }

  private static ChatDomain chat(Config chatConfig) {
    try {
      return new ChatDomain(ChatSettings.fromConfig(chatConfig).conversations());
    } catch (IllegalArgumentException e) {
      throw new UserError("streamlearn.chat: " + e.getMessage());
    }
  }
}
