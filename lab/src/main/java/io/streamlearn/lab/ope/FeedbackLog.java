package io.streamlearn.lab.ope;

import java.util.List;

/**
 * Logged bandit feedback: per round, the action taken, the probability the logging policy took it
 * with, and the reward that followed (Open Bandit Pipeline's convention: one row per impression,
 * {@code position} the slot, 0 for single-slot logs).
 *
 * @param contextColumns names of the columns after OBP's five (e.g. campaign, round)
 */
public record FeedbackLog(String source, List<String> contextColumns, List<Row> rows) {

  /**
   * One logged round.
   *
   * @param timestamp as logged (ISO time or OBP's own format)
   * @param context values of {@link #contextColumns}, in order
   */
  public record Row(String timestamp, String action, int position, double reward, double propensity,
      List<String> context) {}

  public FeedbackLog {
    contextColumns = List.copyOf(contextColumns);
    rows = List.copyOf(rows);
  }

  /** The value of context column {@code name} in {@code row}, or null without such a column. */
  public String context(Row row, String name) {
    int i = contextColumns.indexOf(name);
    return i < 0 ? null : row.context().get(i);
  }
}
