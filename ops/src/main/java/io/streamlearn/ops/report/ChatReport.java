package io.streamlearn.ops.report;

import io.streamlearn.traffic.chat.ChatSimulator;

import io.streamlearn.ops.report.Percentiles;
import java.io.PrintStream;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The chat simulator's verdict: turns in, answers out, fact recall by distance, answer and memory-update times. */
public final class ChatReport {

  private ChatReport() {}

  public static void print(ChatSimulator.Result result, PrintStream out) {
    out.printf("  conversations %d, turns sent %,d, answered %,d%n", result.conversations().size(), result.turnsSent(),
        result.turnsSent() - result.unanswered());
    if (result.unanswered() > 0) {
      out.printf("  %,d turns have no answer yet: see chat.dlq (a conversation id used before takes no lower turn"
          + " numbers: they are late) or wait longer%n", result.unanswered());
    }
    StringBuilder line = new StringBuilder("  recall of a fact stated k turns earlier:");
    int right = 0;
    int asked = 0;
    for (Map.Entry<Integer, int[]> e : result.recallByDistance().entrySet()) {
      line.append(String.format("  k=%d %d/%d", e.getKey(), e.getValue()[0], e.getValue()[1]));
      right += e.getValue()[0];
      asked += e.getValue()[1];
    }
    out.println(line.append(String.format("  (all %.2f)", asked == 0 ? 0.0 : (double) right / asked)));
    out.println("  (exact match; values never seen in training; the memory holds the model's own earlier answers)");
    out.printf("  answer latency median %s, p99 %s; memory update after the answer median %s, p99 %s%n",
        millis(Percentiles.median(result.respondMicros())), millis(Percentiles.nearestRank(result.respondMicros(), 0.99)),
        millis(Percentiles.median(result.memoryUpdateMicros())),
        millis(Percentiles.nearestRank(result.memoryUpdateMicros(), 0.99)));
  }

  /** The same numbers for summary.json. */
  public static Map<String, Object> json(ChatSimulator.Result result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("conversations", result.conversations().size());
    json.put("turns_sent", result.turnsSent());
    json.put("answered", result.turnsSent() - result.unanswered());
    Map<String, Object> recall = new LinkedHashMap<>();
    result.recallByDistance().forEach((k, rightAsked) -> recall.put(String.valueOf(k),
        Map.of("right", rightAsked[0], "asked", rightAsked[1])));
    json.put("recall_by_distance", recall);
    json.put("answer_ms_median", Percentiles.median(result.respondMicros()) / 1000);
    json.put("answer_ms_p99", Percentiles.nearestRank(result.respondMicros(), 0.99) / 1000);
    json.put("memory_update_ms_median", Percentiles.median(result.memoryUpdateMicros()) / 1000);
    json.put("memory_update_ms_p99", Percentiles.nearestRank(result.memoryUpdateMicros(), 0.99) / 1000);
    return json;
  }

  private static String millis(double micros) {
    return Double.isNaN(micros) ? "-" : String.format("%.2f ms", micros / 1000);
  }
}
