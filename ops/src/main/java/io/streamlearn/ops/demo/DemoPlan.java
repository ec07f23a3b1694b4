package io.streamlearn.ops.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.chat.ChatSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo plays ({@code streamlearn.demo} over the simulators' settings): campaigns running
 * the demo's policies side by side, synthetic recordings streamed as fast as possible, scripted
 * conversations; and the configuration the pipelines run with.
 */
public record DemoPlan(Config config, long rounds, AdsSettings ads, AdsSimulationSettings sim,
    EegSimulationSettings eeg, ChatSimulationSettings chat) {

  public static DemoPlan fromConfig(Config config) {
    long rounds = config.getLong("streamlearn.demo.rounds");
    int campaigns = config.getInt("streamlearn.simulate.ads.campaigns");
    int recordings = config.getInt("streamlearn.demo.eeg.recordings");
    int conversations = config.getInt("streamlearn.demo.chat.conversations");
    if (rounds < 2 || campaigns < 1 || recordings < 1 || conversations < 1) {
      throw new UserError("--rounds must be at least 2, --campaigns, --recordings and --conversations at least 1");
    }
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(config.getConfig("streamlearn"));
    Config withPolicies = sideBySide(config, sim);
    Config streamlearn = withPolicies.getConfig("streamlearn");
    ChatSimulationSettings chat = ChatSimulationSettings.fromConfig(streamlearn, 0).withConversations(conversations)
        .withStart(Instant.parse(streamlearn.getString("demo.chat.start")).toEpochMilli());
    if (chat.problem() != null) {
      throw new UserError("streamlearn.simulate.chat: " + chat.problem());
    }
    return new DemoPlan(withPolicies, rounds, AdsSettings.fromConfig(streamlearn.getConfig("ads")), sim,
        recordings(streamlearn, recordings), chat);
  }

  /** streamlearn.simulate.eeg with the demo's count, length and fixed start, streamed as fast as possible. */
  private static EegSimulationSettings recordings(Config streamlearn, int count) {
    Config demo = streamlearn.getConfig("demo.eeg");
    Config withDemoStart = streamlearn.withValue("simulate.eeg.start", demo.getValue("start"));
    return EegSimulationSettings.fromConfig(withDemoStart, 0).withRecordings(count)
        .withDuration(demo.getDuration("duration").toMillis() / 1000.0).withSpeed(0);
  }

  /** Campaign i runs streamlearn.demo.policies[i % size], unless the configuration names its policy. */
  private static Config sideBySide(Config config, AdsSimulationSettings sim) {
    List<String> policies = config.getStringList("streamlearn.demo.policies");
    Map<String, Object> byCampaign = new LinkedHashMap<>();
    for (int i = 0; i < sim.campaigns(); i++) {
      byCampaign.put(sim.campaignId(i), policies.get(i % policies.size()));
    }
    byCampaign.putAll(config.getConfig("streamlearn.ads.policy-by-campaign").root().unwrapped());
    return config.withValue("streamlearn.ads.policy-by-campaign", ConfigValueFactory.fromMap(byCampaign));
  }
}
