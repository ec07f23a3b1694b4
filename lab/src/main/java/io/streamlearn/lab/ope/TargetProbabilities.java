package io.streamlearn.lab.ope;

import io.streamlearn.ops.cli.UserError;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target policy as a table of action probabilities ({@code action,position,probability}; position
 * empty or absent for single-slot logs): the same distribution in every round. Per position the
 * probabilities must sum to 1; an action the table lacks has probability 0.
 */
public final class TargetProbabilities {

  private final Map<Integer, Map<String, Double>> byPosition;
  private final String source;

  private TargetProbabilities(String source, Map<Integer, Map<String, Double>> byPosition) {
    this.source = source;
    this.byPosition = byPosition;
  }

  public static TargetProbabilities read(Path file) {
    CsvTable t = CsvTable.read(file);
    int action = t.required("action", "item_id");
    int position = t.column("position");
    int probability = t.required("probability");
    Map<Integer, Map<String, Double>> table = new TreeMap<>();
    for (int r = 0; r < t.rows.size(); r++) {
      String a = t.rows.get(r).get(action);
      int pos = position < 0 || t.rows.get(r).get(position).isEmpty() ? 0 : (int) t.number(r, position);
      double p = t.number(r, probability);
      if (p < 0 || p > 1) {
        throw new UserError(file + " row " + (r + 1) + ": probability " + p + " is not in [0, 1]");
      }
      if (table.computeIfAbsent(pos, k -> new HashMap<>()).put(a, p) != null) {
        throw new UserError(file + " row " + (r + 1) + ": action " + a + " at position " + pos + " is listed twice");
      }
    }
    for (Map.Entry<Integer, Map<String, Double>> e : table.entrySet()) {
      double sum = e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
      if (Math.abs(sum - 1) > 1e-6) {
        throw new UserError(file + ": the probabilities of position " + e.getKey() + " sum to " + sum + ", not 1");
      }
    }
    if (table.isEmpty()) {
      throw new UserError(file + ": no rows after the header action,position,probability");
    }
    return new TargetProbabilities(file.toString(), table);
  }

  public static TargetProbabilities of(String name, Map<String, Double> singleSlot) {
    return new TargetProbabilities(name, Map.of(0, Map.copyOf(singleSlot)));
  }

  public String source() {
    return source;
  }

  public double probability(String action, int position) {
    return byPosition.getOrDefault(position, Map.of()).getOrDefault(action, 0.0);
  }

  /** The actions of a position, with their probabilities. */
  public Map<String, Double> actions(int position) {
    return byPosition.getOrDefault(position, Map.of());
  }
}
