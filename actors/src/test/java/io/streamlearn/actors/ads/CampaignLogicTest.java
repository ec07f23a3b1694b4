package io.streamlearn.actors.ads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.EntityResult;
import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.PolicyFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignLogicTest {

  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;
  private static final AdsSettings SETTINGS = new AdsSettings(
      List.of("search", "social", "display"), HOUR, MINUTE, 0L, 100.0, 1000.0,
      ArmSet.vertices(3, 1.5, 1.0, 0.0), "DynLin-UCB", Map.of(), 1L, 0.0, Map.of());
  private static final DynLinBounds BOUNDS = new DynLinBounds(0.5, 1.0, 1.1, 0.6, 0.5, 0.01, 1e-5);

  private static CampaignLogic campaign(String policy) {
    return new CampaignLogic("c", SETTINGS, PolicyFactory.create(policy, SETTINGS.arms(), 100_000, 7L, BOUNDS));
  }

  private static AdsEvent impression(long time) {
    return new AdsEvent.Impression("c", time, new double[] {1, 1, 1}, new long[] {1, 1, 1});
  }

  private static AdsEvent outcome(long time, long conversions) {
    return new AdsEvent.Outcome("c", time, conversions);
  }

  private static List<AdsOutput> decisions(CampaignLogic logic, List<AdsEvent> events) {
    List<AdsOutput> out = new ArrayList<>();
    for (AdsEvent event : events) {
      EntityResult<AdsOutput> result = logic.handle(event);
      if (result instanceof EntityResult.Emit<AdsOutput> emit) {
        out.addAll(emit.outputs());
      }
    }
    return out;
  }

  @Test
  void aRoundClosesOnlyWhenBothStreamsPassItsEndPlusTheLateness() {
    CampaignLogic logic = campaign("LinUCB");
    assertEquals(List.of(), decisions(logic, List.of(impression(10 * MINUTE), outcome(20 * MINUTE, 5))));
    assertEquals(List.of(), decisions(logic, List.of(impression(HOUR + MINUTE))), "outcomes have not passed yet");
    assertEquals(List.of(), decisions(logic, List.of(outcome(HOUR + MINUTE - 1, 0))), "within the lateness");
    List<AdsOutput> closed = decisions(logic, List.of(outcome(HOUR + MINUTE, 0)));
    assertEquals(1, closed.size());
    assertEquals(0, closed.get(0).closedRound());
    assertEquals(5, closed.get(0).closedRoundConversions());
    assertEquals(1, closed.get(0).round(), "the decision is for the next round");
    assertEquals(HOUR, closed.get(0).roundStartMillis());
  }

  @Test
  void aRecordBehindItsOwnStreamByMoreThanTheLatenessIsRejectedAsLateAndChangesNothing() {
    CampaignLogic logic = campaign("LinUCB");
    decisions(logic, List.of(impression(10 * MINUTE), outcome(3 * HOUR, 1)));
    // The outcomes stream is at 3h: round 0 (ends 1h, lateness 1m) is behind it.
    EntityResult<AdsOutput> late = logic.handle(outcome(30 * MINUTE, 100));
    EntityResult.Reject<AdsOutput> reject = assertInstanceOf(EntityResult.Reject.class, late);
    assertEquals("late", reject.reason());
    // The impressions stream is still in round 0, so its records for round 0 are on time.
    assertInstanceOf(EntityResult.Emit.class, logic.handle(impression(50 * MINUTE)));
    List<AdsOutput> closed = decisions(logic, List.of(impression(3 * HOUR)));
    assertEquals(List.of(0L), closed.stream().map(AdsOutput::closedRound).toList(),
        "rounds 1 and 2 had no record: passed without learning or deciding; round 3 is open");
    assertEquals(0, closed.get(0).closedRoundConversions(), "the late conversions did not count");
  }

  @Test
  void decisionsDoNotDependOnHowTheTwoTopicsInterleave() {
    List<AdsEvent> impressions = new ArrayList<>();
    List<AdsEvent> outcomes = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long time = i * 15 * MINUTE + 7;
      impressions.add(impression(time));
      outcomes.add(outcome(time, (i * 37L) % 11));
    }
    outcomes.add(3, outcome(2, 99)); // out of order within its stream, but still within round 0's lateness
    List<AdsEvent> impressionsFirst = new ArrayList<>(impressions);
    impressionsFirst.addAll(outcomes);
    List<AdsEvent> alternating = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (i < impressions.size()) {
        alternating.add(impressions.get(i));
      }
      alternating.add(outcomes.get(i));
    }
    List<AdsOutput> a = decisions(campaign("DynLin-UCB"), impressionsFirst);
    List<AdsOutput> b = decisions(campaign("DynLin-UCB"), alternating);
    assertEquals(99, a.size());
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).round(), b.get(i).round());
      assertEquals(a.get(i).closedRoundConversions(), b.get(i).closedRoundConversions());
      assertTrue(Arrays.equals(a.get(i).allocation(), b.get(i).allocation()), "decision " + i);
      assertEquals(a.get(i).expectedConversions(), b.get(i).expectedConversions());
    }
  }

  @Test
  void aRoundWithImpressionsButNoConversionsIsLearnedAsZeroReward() {
    CampaignLogic logic = campaign("LinUCB");
    decisions(logic, List.of(impression(MINUTE), outcome(MINUTE, 10), impression(HOUR + 2 * MINUTE), outcome(HOUR + 2 * MINUTE, 0)));
    List<AdsOutput> closed = decisions(logic, List.of(impression(2 * HOUR + 2 * MINUTE), outcome(2 * HOUR + 2 * MINUTE, 0)));
    assertEquals(1, closed.size());
    assertEquals(1, closed.get(0).closedRound());
    assertEquals(0, closed.get(0).closedRoundConversions());
  }

  @Test
  void aCampaignRestoredFromItsStateDecidesExactlyAsTheOriginal() throws Exception {
    List<AdsEvent> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long time = i * 20 * MINUTE + 3;
      events.add(impression(time));
      events.add(outcome(time, (i * 13L) % 17));
    }
    CampaignLogic original = campaign("DynLin-UCB");
    decisions(original, events.subList(0, 257));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    original.writeState(new java.io.DataOutputStream(bytes));
    CampaignLogic restored = campaign("DynLin-UCB");
    restored.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), original.stateVersion());

    List<AdsOutput> a = decisions(original, events.subList(257, events.size()));
    List<AdsOutput> b = decisions(restored, events.subList(257, events.size()));
    assertTrue(a.size() > 10);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertTrue(Arrays.equals(a.get(i).allocation(), b.get(i).allocation()), "decision " + i);
      assertEquals(a.get(i).expectedConversions(), b.get(i).expectedConversions());
      assertEquals(a.get(i).confidenceWidthConversions(), b.get(i).confidenceWidthConversions());
      assertEquals(a.get(i).closedRoundConversions(), b.get(i).closedRoundConversions());
    }
  }

  @Test
  void dynLinUcbHoldsItsAllocationForTheWholeBlockAndSaysWhenANewOneStarts() {
    CampaignLogic logic = campaign("DynLin-UCB");
    List<AdsEvent> events = new ArrayList<>();
    for (int round = 0; round < 60; round++) {
      events.add(impression(round * HOUR + 2 * MINUTE));
      events.add(outcome(round * HOUR + 2 * MINUTE, 500 + round % 7));
    }
    List<AdsOutput> out = decisions(logic, events);
    assertEquals(59, out.size());
    for (int i = 1; i < out.size(); i++) {
      if (!out.get(i).newAction()) {
        assertTrue(Arrays.equals(out.get(i - 1).allocation(), out.get(i).allocation()), "held in block " + out.get(i).block());
        assertEquals(out.get(i - 1).block(), out.get(i).block());
      }
    }
    assertTrue(out.stream().filter(AdsOutput::newAction).count() < out.size(), "some blocks last more than a round");
  }
}
