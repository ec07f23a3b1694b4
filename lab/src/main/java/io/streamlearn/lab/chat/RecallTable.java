package io.streamlearn.lab.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The recall table train-rxt and experiment rxt both show: one row per distance k, on the console and in summary.json. */
final class RecallTable {

  private RecallTable() {}

  /** summary.json's recall: column (stm, stm-reset, stateless) → k → recall. */
  static Map<String, Object> json(List<RecallEvaluation.Row> recall) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (String column : List.of("stm", "stm-reset", "stateless")) {
      Map<String, Double> byK = new LinkedHashMap<>();
      for (RecallEvaluation.Row r : recall) {
        byK.put(Integer.toString(r.k()),
            column.equals("stm") ? r.stm() : column.equals("stm-reset") ? r.stmReset() : r.stateless());
      }
      json.put(column, byK);
    }
    return json;
  }

  static void print(List<RecallEvaluation.Row> recall, int perK) {
    System.out.printf("%nrecall on test dialogues (fact values never seen in training), %d per k%n", perK);
    System.out.printf("%3s %8s %10s %10s%n", "k", "stm", "stm-reset", "stateless");
    for (RecallEvaluation.Row r : recall) {
      System.out.printf(Locale.ROOT, "%3d %8.3f %10.3f %10.3f%n", r.k(), r.stm(), r.stmReset(), r.stateless());
    }
  }
}
