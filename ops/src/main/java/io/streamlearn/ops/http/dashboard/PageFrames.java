package io.streamlearn.ops.http.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.ops.http.Json;
import io.streamlearn.schemas.AdDecision;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The JSON frames of the list views: recordings, campaigns, conversations. */
final class PageFrames {

  private PageFrames() {}

  static ObjectNode recordings(LiveViews views) {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "recordings");
    ArrayNode items = frame.putArray("recordings");
    for (RecordingTrace trace : views.recordings().values()) {
      RecordingTrace.Summary s = trace.summary();
      ObjectNode item = items.addObject().put("id", s.id()).put("channels", s.channels())
          .put("sample_rate", s.sampleRate()).put("minutes", Math.round(s.minutesSeen() * 100) / 100.0)
          .put("alerting", s.alerting());
      if (Double.isFinite(s.score())) {
        item.put("score", Math.round(s.score() * 100) / 100.0);
      } else {
        item.putNull("score");
      }
    }
    return frame;
  }

  /** @param platforms the platforms' names, in the order of allocations */
  static ObjectNode campaigns(LiveViews views, List<String> platforms) {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "campaigns");
    ArrayNode names = frame.putArray("platforms");
    platforms.forEach(names::add);
    ArrayNode items = frame.putArray("campaigns");
    for (Map.Entry<String, CampaignHistory> e : views.campaigns().entrySet()) {
      CampaignHistory.View view = e.getValue().view();
      AdDecision latest = view.latest();
      ObjectNode item = items.addObject().put("id", e.getKey()).put("policy", latest.getPolicy())
          .put("round", latest.getRound()).put("cumulative_conversions", view.cumulativeConversions());
      doubles(item.putArray("allocation"), latest.getAllocation());
      doubles(item.putArray("bid_multipliers"), latest.getBidMultipliers());
      ArrayNode rounds = item.putArray("rounds");
      ArrayNode rewards = item.putArray("conversions");
      ArrayNode cumulative = item.putArray("cumulative");
      ArrayNode allocations = item.putArray("allocations");
      // The running total at the first kept decision: the total now minus what the kept ones added.
      long total = view.cumulativeConversions()
          - view.decisions().stream().mapToLong(d -> Math.max(0, d.getClosedRoundConversions())).sum();
      for (AdDecision d : view.decisions()) {
        total += Math.max(0, d.getClosedRoundConversions());
        rounds.add(d.getRound());
        rewards.add(d.getClosedRoundConversions());
        cumulative.add(total);
        doubles(allocations.addArray(), d.getAllocation());
      }
    }
    return frame;
  }

  static ObjectNode conversations(LiveViews views, int most) {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "conversations");
    ArrayNode items = frame.putArray("conversations");
    views.conversations().entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, ConversationHistory> e) -> e.getValue().lastEventTime())
            .reversed())
        .limit(most)
        .forEach(e -> {
          ObjectNode item = items.addObject().put("id", e.getKey());
          ArrayNode turns = item.putArray("turns");
          for (ConversationHistory.Turn t : e.getValue().turns()) {
            ObjectNode turn = turns.addObject().put("turn", t.turn()).put("event_time", t.eventTime())
                .put("text", t.text()).put("answer", t.answer());
            if (t.answer() != null) {
              turn.put("respond_micros", t.respondMicros()).put("memory_update_micros", t.memoryUpdateMicros());
            }
          }
        });
    return frame;
  }

  private static void doubles(ArrayNode out, List<Double> values) {
    for (double v : values) {
      out.add(Math.round(v * 1000) / 1000.0);
    }
  }
}
