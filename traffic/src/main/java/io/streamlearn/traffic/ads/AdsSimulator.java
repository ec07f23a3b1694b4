package io.streamlearn.traffic.ads;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import java.util.LinkedHashMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop traffic for the ads domain, standing in for a real-time bidder and its campaigns.
 * Each campaign has a hidden ground truth, a {@link LinearDynamicalEnvironment} of the paper
 * (today's spend raises a state that converts later). Per round the simulator applies the
 * allocation the pipeline decided for that round (or keeps the previous one if none came),
 * publishes the round's impressions and conversions in event time, moves both streams past the
 * round's end plus the allowed lateness with a zero record, and waits for the next decisions.
 *
 * <p>It knows the truth, so it reports what no live system can: each policy's regret against the
 * best fixed allocation (the clairvoyant), in the paper's steady-state terms.
 */
public final class AdsSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdsSimulator.class);

  private final AdsSettings ads;
  private final AdsSimulationSettings sim;
  private final List<Campaign> campaigns = new ArrayList<>();
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> decisions;
  private long timeouts;

  /** One simulated campaign: its id, its policy's name, its world and what it did. */
  public static final class Campaign {
    final String id;
    final String policy;
    final LinearDynamicalEnvironment world;
    double[] allocationUnits;
    double valueSum;
    double regret;
    long conversions;
    long decisions;

    Campaign(String id, String policy, LinearDynamicalEnvironment world, double[] defaultUnits) {
      this.id = id;
      this.policy = policy;
      this.world = world;
      this.allocationUnits = defaultUnits;
    }
  }

  /** Per policy: campaigns, the mean of their regret, expected conversions and the oracle's. */
  public record PolicyResult(String policy, int campaigns, double meanRegret, double meanExpectedConversions,
      double meanOracleConversions, double meanUniformConversions, long conversions, long decisions) {}

  public AdsSimulator(KafkaClients kafka, AdsSettings ads, AdsSimulationSettings sim) {
    this.ads = ads;
    this.sim = sim;
    DynLinConfig truth = DynLinConfig.load(sim.environment());
    double[] uniform = uniformUnits(truth.p());
    for (int i = 0; i < sim.campaigns(); i++) {
      String id = sim.campaignId(i);
      // Campaigns that run different policies side by side share a world and its noise
      // (common random numbers), so their regrets differ by the policy alone.
      long worldSeed = sim.seed() + i / Math.max(1, distinctPolicies(ads, sim));
      campaigns.add(new Campaign(id, ads.policyOf(id), truth.environment(worldSeed), uniform));
    }
    if (truth.p() != ads.platforms().size()) {
      throw new IllegalArgumentException("environment " + sim.environment() + " has " + truth.p()
          + " inputs but streamlearn.ads.platforms lists " + ads.platforms().size());
    }
    producer = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"));
    decisions = CommittedReader.consumer(kafka, Map.of());
    List<TopicPartition> partitions = decisions.partitionsFor(AdsDomain.DECISIONS, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    decisions.assign(partitions);
    decisions.seekToEnd(partitions);
    partitions.forEach(decisions::position);
  }

  private static int distinctPolicies(AdsSettings ads, AdsSimulationSettings sim) {
    return (int) IntStream.range(0, sim.campaigns())
        .mapToObj(i -> ads.policyOf(sim.campaignId(i))).distinct().count();
  }

  /** The bidder's allocation before any decision: the budget split evenly, within the per-platform cap. */
  private double[] uniformUnits(int platforms) {
    double[] units = new double[platforms];
    Arrays.fill(units, Math.min(sim.totalUnits() / platforms, sim.maxUnitsPerPlatform()));
    return units;
  }

  public List<Campaign> campaigns() {
    return campaigns;
  }

  public long decisionTimeouts() {
    return timeouts;
  }

  /** Plays one round for every campaign and waits for the decisions of the next. */
  public void playRound(long round) {
    long start = ads.roundStart(round);
    long end = ads.roundStart(round + 1);
    long lateness = ads.allowedLatenessMillis();
    int ticks = sim.ticksPerRound();
    for (Campaign campaign : campaigns) {
      double reward = campaign.world.step(campaign.allocationUnits);
      campaign.valueSum += campaign.world.value(campaign.allocationUnits);
      campaign.regret += campaign.world.optimalValue(ads.arms()) - campaign.world.value(campaign.allocationUnits);
      long conversions = Math.max(0, Math.round(reward * ads.conversionsPerRewardUnit()));
      campaign.conversions += conversions;
      for (int k = 0; k < ticks; k++) {
        // Ticks fall strictly between the previous round's closing record and this round's end.
        long time = start + lateness + (k + 1) * (end - start - lateness) / (ticks + 1);
        long tickConversions = conversions / ticks + (k < conversions % ticks ? 1 : 0);
        send(campaign, time, scaled(campaign.allocationUnits, ads.budgetUnit() / ticks), tickConversions);
      }
      send(campaign, end + lateness, new double[campaign.allocationUnits.length], 0);
    }
    producer.flush();
    awaitDecisions(round + 1);
  }

  private void send(Campaign campaign, long time, double[] spend, long conversions) {
    byte[] key = campaign.id.getBytes(StandardCharsets.UTF_8);
    List<Double> spendList = Arrays.stream(spend).boxed().toList();
    List<Long> impressions = Arrays.stream(spend).mapToObj(s -> Math.round(s * 40)).toList();
    AdImpression impression = new AdImpression(campaign.id, Instant.ofEpochMilli(time), spendList, impressions);
    AdOutcome outcome = new AdOutcome(campaign.id, Instant.ofEpochMilli(time), conversions, 0.0);
    producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key, AdsDomain.IMPRESSION_CODEC.encode(impression)));
    producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key, AdsDomain.OUTCOME_CODEC.encode(outcome)));
  }

  /** Sends raw bytes to an input topic, e.g. malformed records to show where they go. */
  public void sendRaw(String topic, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  private void awaitDecisions(long round) {
    Map<String, Campaign> waiting = new HashMap<>();
    campaigns.forEach(c -> waiting.put(c.id, c));
    long deadline = System.nanoTime() + sim.decisionTimeout().toNanos();
    while (!waiting.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : decisions.poll(Duration.ofMillis(50))) {
        AdDecision decision = AdsDomain.DECISION_CODEC.decode(record.value());
        Campaign campaign = waiting.get(decision.getCampaignId());
        if (campaign != null && decision.getRound() == round) {
          campaign.allocationUnits = scaled(decision.getAllocation().stream().mapToDouble(Double::doubleValue).toArray(),
              1.0 / ads.budgetUnit());
          campaign.decisions++;
          waiting.remove(campaign.id);
        }
      }
    }
    timeouts += waiting.size();
    long waitedMillis = (System.nanoTime() - deadline + sim.decisionTimeout().toNanos()) / 1_000_000;
    if (waitedMillis > 2_000) {
      log.warn("decisions for round {} took {} ms{}", round, waitedMillis,
          waiting.isEmpty() ? "" : "; " + waiting.size() + " campaigns keep their previous allocation");
    }
  }

  private static double[] scaled(double[] v, double factor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * factor;
    }
    return out;
  }

  /** Results per policy, in order of first appearance. */
  public List<PolicyResult> results(long rounds) {
    Map<String, List<Campaign>> byPolicy = new LinkedHashMap<>();
    campaigns.forEach(c -> byPolicy.computeIfAbsent(c.policy, p -> new ArrayList<>()).add(c));
    double scale = ads.conversionsPerRewardUnit();
    List<PolicyResult> results = new ArrayList<>();
    byPolicy.forEach((policy, list) -> results.add(new PolicyResult(policy, list.size(),
        list.stream().mapToDouble(c -> c.regret * scale).average().orElse(0),
        list.stream().mapToDouble(c -> c.valueSum * scale).average().orElse(0),
        list.stream().mapToDouble(c -> c.world.optimalValue(ads.arms()) * rounds * scale).average().orElse(0),
        list.stream().mapToDouble(c -> c.world.value(uniformUnits(c.allocationUnits.length)) * rounds * scale)
            .average().orElse(0),
        list.stream().mapToLong(c -> c.conversions).sum(),
        list.stream().mapToLong(c -> c.decisions).sum())));
    return results;
  }

  @Override
  public void close() {
    producer.close();
    decisions.close();
  }
}
