package io.streamlearn.lab.backtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.lab.counterfactual.CarryOverBias;
import io.streamlearn.lab.counterfactual.Counterfactual;
import io.streamlearn.lab.counterfactual.FirFit;
import io.streamlearn.lab.counterfactual.FittedSystemBias;
import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.lab.ope.OffPolicyEstimators;
import io.streamlearn.lab.ope.PolicyTarget;
import io.streamlearn.models.Rng;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.Explored;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An ads recording backtested: its input replayed through the live path with the live
 * configuration (and checked byte for byte against the decisions it recorded) and with every
 * compared policy; the recorded decisions as logged feedback, evaluated off-policy for each policy;
 * the log's dynamics fitted and every policy run against the fit; and, on the fitted systems, how
 * biased per-round IPS is under their carry-over.
 */
final class AdsBacktest {

  /** The live decisions recorded against those the live configuration replays, per campaign in order. */
  record Parity(long recorded, long replayed, long identical, String firstDifference) {}

  /** One compared policy. */
  record PolicyResult(String policy, PipelineReplay.Outputs replay, double agreement, OffPolicyEstimators.Estimate ope,
      Counterfactual.Estimate modelBased) {}

  record Result(RecordedInput input, PipelineReplay.Outputs live, Parity parity, Map<String, AdsFeedback.CampaignLog> logs,
      Map<String, FirFit> fits, List<PolicyResult> policies, List<CarryOverBias> bias, AdsSettings settings) {}

  private AdsBacktest() {}

  static Result run(RecordedInput input, Config live, List<String> policies, int replicates, long seed) throws Exception {
    Config adsConfig = live.getConfig("streamlearn.ads");
    AdsSettings settings = AdsSettings.fromConfig(adsConfig);
    PipelineReplay.Outputs liveRun = PipelineReplay.run(live, AdsDomain.NAME, input.records, "live configuration");
    List<ConsumerRecord<byte[], byte[]>> recorded = input.topic(AdsDomain.DECISIONS);
    Parity parity = parity(recorded, liveRun);
    List<AdDecision> logged = recorded.isEmpty()
        ? liveRun.topic(AdsDomain.DECISIONS).stream().map(r -> AdsDomain.DECISION_CODEC.decode(r.value())).toList()
        : recorded.stream().map(r -> AdsDomain.DECISION_CODEC.decode(r.value())).toList();
    Map<String, AdsFeedback.CampaignLog> logs = AdsFeedback.of(logged, settings, input.file.toString());
    FeedbackLog feedback = AdsFeedback.obp(logs, input.file.toString());
    BiFunction<String, String, BudgetPolicy> makers = AdsDomain.policies(adsConfig, settings);
    double perUnit = settings.conversionsPerRewardUnit();

    Map<String, FirFit> fits = new LinkedHashMap<>();
    logs.forEach((c, log) -> fits.put(c, FirFit.of(log.allocationUnits(settings.budgetUnit()), log.rewards(perUnit))));
    Map<String, List<Counterfactual.Estimate>> perCampaign = new LinkedHashMap<>();
    int campaignIndex = 0;
    for (Map.Entry<String, AdsFeedback.CampaignLog> e : logs.entrySet()) {
      AdsFeedback.CampaignLog log = e.getValue();
      List<Counterfactual.Estimate> estimates = Counterfactual.evaluate(policies, p -> makers.apply(p, e.getKey()),
          fits.get(e.getKey()), log.allocationUnits(settings.budgetUnit()), log.rewards(perUnit), log.rounds().size(),
          replicates, Rng.derive(seed, campaignIndex++), settings.arms());
      estimates.forEach(est -> perCampaign.computeIfAbsent(est.policy(), k -> new ArrayList<>()).add(est));
    }

    List<PolicyResult> results = new ArrayList<>();
    for (String policy : policies) {
      Config compared = ConfigFactory.parseMap(Map.of("streamlearn.ads.policy", policy, "streamlearn.ads.policy-by-campaign",
          Map.of(), "streamlearn.ads.exploration.epsilon", 0, "streamlearn.ads.exploration.by-campaign", Map.of()))
          .withFallback(live);
      PipelineReplay.Outputs replay = PipelineReplay.run(compared, AdsDomain.NAME, input.records, policy);
      List<double[]> pi = new ArrayList<>();
      logs.forEach((c, log) -> pi.addAll(Arrays.asList(PolicyTarget.along(makers.apply(policy, c), settings.arms(),
          log.arms(), log.rewards(perUnit)))));
      OffPolicyEstimators.Estimate ope = OffPolicyEstimators.estimate(feedback,
          CarryOverBias.target(pi.toArray(double[][]::new)), 1000, Rng.derive(seed, 99));
      results.add(new PolicyResult(policy, replay, agreement(replay, logs), ope,
          Counterfactual.Estimate.pooled(policy, perCampaign.get(policy))));
    }

    List<FittedSystemBias.Campaign> campaigns = new ArrayList<>();
    logs.forEach((c, log) -> campaigns.add(new FittedSystemBias.Campaign(fits.get(c), () -> logger(makers, settings, c),
        p -> makers.apply(p, c), log.rounds().size())));
    List<CarryOverBias> bias = FittedSystemBias.measure(campaigns, policies, settings.arms(), 5, 1000, Rng.derive(seed, 5));
    return new Result(input, liveRun, parity, logs, fits, results, bias, settings);
  }

  /** The campaign's live policy with its live exploration, as it logged. */
  private static BudgetPolicy logger(BiFunction<String, String, BudgetPolicy> makers, AdsSettings settings, String campaign) {
    BudgetPolicy policy = makers.apply(settings.policyOf(campaign), campaign);
    double epsilon = settings.epsilonOf(campaign);
    return epsilon > 0 ? new Explored(policy, epsilon, Rng.entitySeed(settings.seed(), campaign)) : policy;
  }

  private static Parity parity(List<ConsumerRecord<byte[], byte[]>> recorded, PipelineReplay.Outputs live) {
    Map<String, List<byte[]>> expected = new LinkedHashMap<>();
    recorded.forEach(r -> expected.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value()));
    Map<String, List<byte[]>> replayed = new LinkedHashMap<>();
    live.topic(AdsDomain.DECISIONS).forEach(r -> replayed.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
        k -> new ArrayList<>()).add(r.value()));
    long identical = 0;
    String first = null;
    for (Map.Entry<String, List<byte[]>> e : expected.entrySet()) {
      List<byte[]> mine = replayed.getOrDefault(e.getKey(), List.of());
      for (int i = 0; i < e.getValue().size(); i++) {
        if (i < mine.size() && Arrays.equals(e.getValue().get(i), mine.get(i))) {
          identical++;
        } else if (first == null) {
          first = "campaign " + e.getKey() + ", decision " + (i + 1) + (i < mine.size() ? " differs" : " missing in the replay");
        }
      }
    }
    long replayedCount = replayed.values().stream().mapToLong(List::size).sum();
    return new Parity(recorded.size(), replayedCount, identical, first);
  }

  /** Share of logged rounds in which the policy, replayed on the logged outcomes, chose the logged allocation. */
  private static double agreement(PipelineReplay.Outputs replay, Map<String, AdsFeedback.CampaignLog> logs) {
    long same = 0;
    long total = 0;
    Map<String, Map<Long, List<Double>>> byRound = new LinkedHashMap<>();
    for (var r : replay.topic(AdsDomain.DECISIONS)) {
      AdDecision d = AdsDomain.DECISION_CODEC.decode(r.value());
      byRound.computeIfAbsent(d.getCampaignId(), k -> new LinkedHashMap<>()).put(d.getRound(), d.getAllocation());
    }
    for (AdsFeedback.CampaignLog log : logs.values()) {
      for (AdsFeedback.Round round : log.rounds()) {
        List<Double> mine = byRound.getOrDefault(log.campaign(), Map.of()).get(round.round());
        total++;
        if (mine != null && Arrays.equals(mine.stream().mapToDouble(Double::doubleValue).toArray(), round.allocation())) {
          same++;
        }
      }
    }
    return total == 0 ? Double.NaN : (double) same / total;
  }
}
