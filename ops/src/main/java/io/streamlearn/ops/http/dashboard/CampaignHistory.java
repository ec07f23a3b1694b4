package io.streamlearn.ops.http.dashboard;

import io.streamlearn.schemas.AdDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One campaign as the ads page shows it: its last {@code keep} decisions and the running total of
 * conversions over every decision seen (each decision reports the round it closed).
 */
final class CampaignHistory {

  private final int keep;
  private final Deque<AdDecision> recent = new ArrayDeque<>();
  private long cumulativeConversions;

  CampaignHistory(int keep) {
    this.keep = keep;
  }

  synchronized void add(AdDecision decision) {
    recent.addLast(decision);
    if (recent.size() > keep) {
      recent.removeFirst();
    }
    cumulativeConversions += Math.max(0, decision.getClosedRoundConversions());
  }

  /** A consistent copy: the recent decisions (oldest first) and the total at the last of them. */
  record View(List<AdDecision> decisions, long cumulativeConversions) {

    AdDecision latest() {
      return decisions.get(decisions.size() - 1);
    }
  }

  synchronized View view() {
    return new View(new ArrayList<>(recent), cumulativeConversions);
  }
}
