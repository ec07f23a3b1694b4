package io.streamlearn.actors.ads;

import io.streamlearn.actors.EntityLogic;
import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.ads.BudgetPolicy;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One campaign: cuts its impressions and outcomes into rounds by event time, feeds each closed
 * round's conversions to the campaign's {@link BudgetPolicy} and publishes the allocation it chooses
 * for the next round.
 *
 * <p>A round closes when both input streams of the campaign have passed its end plus the allowed
 * lateness (the minimum of the two watermarks, as Flink does across inputs). A record is late when
 * its own stream had already passed its round's end plus the lateness. Both rules depend only on
 * each stream's own order, never on how the two topics interleave, so live runs and replays make
 * the same decisions. A source with nothing to report sends a zero record to move its time on.
 *
 * <p>The bidder applies a decision until the next one arrives, so the reward of a closed round
 * belongs to the policy's last chosen arm. Rounds without any record (no traffic) are closed
 * without learning or deciding; the first round with data ran on the bidder's default allocation
 * and is not learned from.
 */
public final class CampaignLogic implements EntityLogic<AdsEvent, AdsOutput> {

  private final String campaignId;
  private final AdsSettings settings;
  private final BudgetPolicy policy;

  /** Conversions of the rounds with data that are not closed yet, by round number. */
  private final TreeMap<Long, long[]> openRounds = new TreeMap<>();
  private long impressionsWatermark = Long.MIN_VALUE;
  private long outcomesWatermark = Long.MIN_VALUE;
  private boolean policyHasChosen;

  public CampaignLogic(String campaignId, AdsSettings settings, BudgetPolicy policy) {
    this.campaignId = campaignId;
    this.settings = settings;
    this.policy = policy;
  }

  @Override
  public EntityResult<AdsOutput> handle(AdsEvent event) {
    long round = settings.roundOf(event.eventTimeMillis());
    long closesAt = settings.roundStart(round + 1) + settings.allowedLatenessMillis();
    boolean isImpression = event instanceof AdsEvent.Impression;
    long ownWatermark = isImpression ? impressionsWatermark : outcomesWatermark;
    if (ownWatermark != Long.MIN_VALUE && ownWatermark >= closesAt) {
      return EntityResult.reject("late", "event time " + event.eventTimeMillis() + " is in round " + round
          + ", which its stream passed (at " + ownWatermark + ") beyond the allowed lateness of "
          + settings.allowedLatenessMillis() + " ms");
    }
    long[] conversions = openRounds.computeIfAbsent(round, r -> new long[1]);
    if (isImpression) {
      impressionsWatermark = Math.max(impressionsWatermark, event.eventTimeMillis());
    } else {
      outcomesWatermark = Math.max(outcomesWatermark, event.eventTimeMillis());
      conversions[0] += ((AdsEvent.Outcome) event).conversions();
    }
    return EntityResult.emit(closeRounds());
  }

  private List<AdsOutput> closeRounds() {
    long watermark = Math.min(impressionsWatermark, outcomesWatermark);
    List<AdsOutput> decisions = new ArrayList<>();
    while (!openRounds.isEmpty() && watermark != Long.MIN_VALUE
        && watermark >= settings.roundStart(openRounds.firstKey() + 1) + settings.allowedLatenessMillis()) {
      Map.Entry<Long, long[]> closing = openRounds.pollFirstEntry();
      decisions.add(learnAndDecide(closing.getKey(), closing.getValue()[0]));
    }
    return decisions;
  }

  private AdsOutput learnAndDecide(long closedRound, long conversions) {
    if (policyHasChosen) {
      policy.observe(conversions / settings.conversionsPerRewardUnit());
    }
    int arm = policy.chooseArm();
    policyHasChosen = true;

    double[] units = policy.arms().arm(arm);
    double[] allocation = new double[units.length];
    double[] bidMultipliers = new double[units.length];
    double total = 0;
    for (double u : units) {
      total += u;
    }
    for (int p = 0; p < units.length; p++) {
      allocation[p] = units[p] * settings.budgetUnit();
      bidMultipliers[p] = total == 0 ? 0 : units[p] * units.length / total;
    }
    long round = closedRound + 1;
    double scale = settings.conversionsPerRewardUnit();
    return new AdsOutput(campaignId, round, settings.roundStart(round), settings.roundStart(round + 1),
        policy.name(), allocation, bidMultipliers, policy.block(), policy.newAction(),
        policy.expectedReward() * scale, policy.confidenceWidth() * scale, closedRound, conversions,
        policy.propensity());
  }

  @Override
  public int stateVersion() {
    return 1;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(impressionsWatermark);
    out.writeLong(outcomesWatermark);
    out.writeBoolean(policyHasChosen);
    out.writeInt(openRounds.size());
    for (Map.Entry<Long, long[]> round : openRounds.entrySet()) {
      out.writeLong(round.getKey());
      out.writeLong(round.getValue()[0]);
    }
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in, int version) throws IOException {
    if (version != 1) {
      throw new IOException("campaign state version " + version + " is not readable by this version (1)");
    }
    impressionsWatermark = in.readLong();
    outcomesWatermark = in.readLong();
    policyHasChosen = in.readBoolean();
    openRounds.clear();
    int rounds = in.readInt();
    for (int i = 0; i < rounds; i++) {
      openRounds.put(in.readLong(), new long[] {in.readLong()});
    }
    policy.readState(in);
  }
}
