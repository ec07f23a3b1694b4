package io.streamlearn.streams.ads;

import io.streamlearn.models.Rng;
import com.typesafe.config.Config;
import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.ads.AdsOutput;
import io.streamlearn.actors.ads.AdsEvent;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.Explored;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.schemas.codec.SingleObjectCodec;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The ads slice: impressions and outcomes per campaign in, budget decisions out. */
public final class AdsDomain implements Domain<AdsEvent, AdsOutput> {

  public static final String NAME = "ads";
  public static final String IMPRESSIONS = "ads.impressions";
  public static final String OUTCOMES = "ads.outcomes";
  public static final String DECISIONS = "ads.decisions";
  public static final String DEAD_LETTERS = NAME + ".dlq";
  public static final String SNAPSHOTS = NAME + ".snapshots";

  public static final SingleObjectCodec<AdImpression> IMPRESSION_CODEC = SingleObjectCodec.of(AdImpression.getClassSchema());
  public static final SingleObjectCodec<AdOutcome> OUTCOME_CODEC = SingleObjectCodec.of(AdOutcome.getClassSchema());
  public static final SingleObjectCodec<AdDecision> DECISION_CODEC = SingleObjectCodec.of(AdDecision.getClassSchema());

  private final AdsSettings settings;
  private final EntityLogic.Factory<AdsEvent, AdsOutput> campaigns;

  public AdsDomain(AdsSettings settings, EntityLogic.Factory<AdsEvent, AdsOutput> campaigns) {
    this.settings = settings;
    this.campaigns = campaigns;
  }

  /**
   * The domain as {@code streamlearn.ads} configures it: every campaign gets the policy the
   * configuration names for it, seeded by its id.
   *
   * @throws IllegalArgumentException naming the key and the fix, for a policy or bound that cannot run
   */
  public static AdsDomain fromConfig(Config ads) {
    AdsSettings settings = AdsSettings.fromConfig(ads);
    BiFunction<String, String, BudgetPolicy> unexplored = policies(ads, settings);
    BiFunction<String, String, BudgetPolicy> policies = (policy, campaignId) -> {
      BudgetPolicy chosen = unexplored.apply(policy, campaignId);
      double epsilon = settings.epsilonOf(campaignId);
      return epsilon > 0 ? new Explored(chosen, epsilon, Rng.entitySeed(settings.seed(), campaignId)) : chosen;
    };
    double[] expert = ads.getDoubleList("expert-allocation").stream().mapToDouble(Double::doubleValue).toArray();
    // Fail at start, with the fix, rather than on a campaign's first record.
    List<String> named = new ArrayList<>(settings.policies().values());
    named.add(settings.defaultPolicy());
    for (String policy : named) {
      String canonical;
      try {
        canonical = PolicyFactory.canonicalName(policy);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("streamlearn.ads: " + e.getMessage());
      }
      if (canonical.equals("Clairvoyant")) {
        throw new IllegalArgumentException("streamlearn.ads: Clairvoyant plays the true best allocation, which a live"
            + " system does not know; it runs in `experiment dynlin` only. Choose another policy.");
      }
      if (canonical.equals("Expert") && expert.length == 0) {
        throw new IllegalArgumentException("streamlearn.ads: policy Expert needs streamlearn.ads.expert-allocation"
            + " (one budget share per platform, in arm-set units)");
      }
      try {
        policies.apply(policy, "configuration-check");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("streamlearn.ads: " + e.getMessage());
      }
    }
    return new AdsDomain(settings, settings.campaigns(policies));
  }

  /**
   * The policy {@code (name, campaignId)} as {@code streamlearn.ads} configures it (bounds, horizon,
   * the campaign's seed, the Expert's allocation), without exploration: what a backtest evaluates.
   */
  public static BiFunction<String, String, BudgetPolicy> policies(Config ads, AdsSettings settings) {
    long horizon = ads.getLong("horizon");
    Config b = ads.getConfig("bounds");
    DynLinBounds bounds;
    try {
      bounds = new DynLinBounds(b.getDouble("rho-bar"), b.getDouble("phi-bar"), b.getDouble("omega"),
          b.getDouble("theta"), b.getDouble("b-bar"), b.getDouble("sigma"), 1.0 / horizon);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad streamlearn.ads.bounds: " + e.getMessage());
    }
    double[] expert = ads.getDoubleList("expert-allocation").stream().mapToDouble(Double::doubleValue).toArray();
    return (policy, campaignId) -> PolicyFactory.create(policy, settings.arms(), horizon,
        Rng.entitySeed(settings.seed(), campaignId), bounds, PolicyFactory.canonicalName(policy).equals("Expert") ? expert : null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> inputTopics() {
    return List.of(IMPRESSIONS, OUTCOMES);
  }

  @Override
  public List<String> outputTopics() {
    return List.of(DECISIONS);
  }

  @Override
  public EntityLogic.Factory<AdsEvent, AdsOutput> entities() {
    return campaigns;
  }

  @Override
  public Decoded<AdsEvent> decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return Decoded.invalid("record has no key (expected the campaign id)");
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    try {
      return switch (record.topic()) {
        case IMPRESSIONS -> impression(key, IMPRESSION_CODEC.decode(record.value()));
        case OUTCOMES -> outcome(key, OUTCOME_CODEC.decode(record.value()));
        default -> Decoded.invalid("not an input topic of the ads domain: " + record.topic());
      };
    } catch (SingleObjectCodec.DecodeException e) {
      return Decoded.undecodable(e.getMessage());
    }
  }

  private Decoded<AdsEvent> impression(String key, AdImpression impression) {
    if (!key.equals(impression.getCampaignId())) {
      return Decoded.invalid("key '" + key + "' differs from campaign_id '" + impression.getCampaignId() + "'");
    }
    int platforms = settings.platforms().size();
    List<Double> spend = impression.getSpend();
    List<Long> served = impression.getImpressions();
    if (spend.size() != platforms || served.size() != platforms) {
      return Decoded.invalid("expected " + platforms + " platforms " + settings.platforms() + ", got spend of length "
          + spend.size() + " and impressions of length " + served.size());
    }
    double[] spendArray = new double[platforms];
    long[] servedArray = new long[platforms];
    for (int p = 0; p < platforms; p++) {
      double s = spend.get(p);
      if (!Double.isFinite(s) || s < 0) {
        return Decoded.invalid("spend[" + p + "] is " + s + ", expected a finite amount >= 0");
      }
      if (served.get(p) < 0) {
        return Decoded.invalid("impressions[" + p + "] is " + served.get(p) + ", expected >= 0");
      }
      spendArray[p] = s;
      servedArray[p] = served.get(p);
    }
    long time = impression.getEventTime().toEpochMilli();
    return Decoded.valid(key, new AdsEvent.Impression(key, time, spendArray, servedArray), time);
  }

  private static Decoded<AdsEvent> outcome(String key, AdOutcome outcome) {
    if (!key.equals(outcome.getCampaignId())) {
      return Decoded.invalid("key '" + key + "' differs from campaign_id '" + outcome.getCampaignId() + "'");
    }
    if (outcome.getConversionCount() < 0) {
      return Decoded.invalid("conversion_count is " + outcome.getConversionCount() + ", expected >= 0");
    }
    if (!Double.isFinite(outcome.getConversionValue()) || outcome.getConversionValue() < 0) {
      return Decoded.invalid("conversion_value is " + outcome.getConversionValue() + ", expected a finite amount >= 0");
    }
    long time = outcome.getEventTime().toEpochMilli();
    return Decoded.valid(key, new AdsEvent.Outcome(key, time, outcome.getConversionCount()), time);
  }

  @Override
  public List<ProducerRecord<byte[], byte[]>> encode(AdsOutput d) {
    AdDecision record = AdDecision.newBuilder()
        .setCampaignId(d.campaignId())
        .setRound(d.round())
        .setRoundStart(Instant.ofEpochMilli(d.roundStartMillis()))
        .setRoundEnd(Instant.ofEpochMilli(d.roundEndMillis()))
        .setPolicy(d.policy())
        .setAllocation(Arrays.stream(d.allocation()).boxed().toList())
        .setBidMultipliers(Arrays.stream(d.bidMultipliers()).boxed().toList())
        .setBlock(d.block())
        .setNewAction(d.newAction())
        .setExpectedReward(d.expectedConversions())
        .setConfidenceWidth(d.confidenceWidthConversions())
        .setClosedRound(d.closedRound())
        .setClosedRoundConversions(d.closedRoundConversions())
        .setPropensity(d.propensity())
        .build();
    // Timestamped with the round's start (event time), so outputs are the same bytes on every run.
    return List.of(new ProducerRecord<>(DECISIONS, null, d.roundStartMillis(),
        d.campaignId().getBytes(StandardCharsets.UTF_8), DECISION_CODEC.encode(record)));
  }
}
