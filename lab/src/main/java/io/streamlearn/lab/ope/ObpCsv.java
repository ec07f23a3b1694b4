package io.streamlearn.lab.ope;

import io.streamlearn.ops.cli.UserError;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logged feedback in the Open Bandit Pipeline's CSV convention: {@code timestamp, item_id, position,
 * click, propensity_score}, then context columns; {@code action} and {@code reward} are accepted for
 * {@code item_id} and {@code click} (click may be any reward, not only 0/1), and an unnamed first
 * index column is ignored, so logs of other ad servers read as ours.
 */
public final class ObpCsv {

  static final List<String> COLUMNS = List.of("timestamp", "item_id", "position", "click", "propensity_score");

  private ObpCsv() {}

  /**
   * @throws UserError naming the file and the row: a missing column, a missing or non-numeric cell, a
   *     propensity of 0, above 1 or missing
   */
  public static FeedbackLog read(Path file) {
    CsvTable t = CsvTable.read(file);
    int timestamp = t.column("timestamp");
    int action = t.required("item_id", "action");
    int position = t.column("position");
    int reward = t.required("click", "reward");
    int propensity = t.required("propensity_score");
    List<String> contextNames = new ArrayList<>();
    List<Integer> contextIndex = new ArrayList<>();
    for (int c = 0; c < t.header.size(); c++) {
      if (c != timestamp && c != action && c != position && c != reward && c != propensity) {
        contextNames.add(t.header.get(c));
        contextIndex.add(c);
      }
    }
    List<FeedbackLog.Row> rows = new ArrayList<>();
    for (int r = 0; r < t.rows.size(); r++) {
      List<String> cells = t.rows.get(r);
      double p = t.number(r, propensity);
      if (!(p > 0 && p <= 1)) {
        throw new UserError(file + " row " + (r + 1) + ": propensity_score " + cells.get(propensity)
            + " is not in (0, 1]: a logged action needs the positive probability it was chosen with");
      }
      String act = cells.get(action);
      if (act.isEmpty()) {
        throw new UserError(file + " row " + (r + 1) + ": " + t.header.get(action) + " is missing");
      }
      int pos = 0;
      if (position >= 0 && !cells.get(position).isEmpty()) {
        double v = t.number(r, position);
        if (v != Math.rint(v) || v < 0) {
          throw new UserError(file + " row " + (r + 1) + ": position " + cells.get(position) + " is not a slot number");
        }
        pos = (int) v;
      }
      List<String> context = new ArrayList<>();
      contextIndex.forEach(c -> context.add(cells.get(c)));
      rows.add(new FeedbackLog.Row(timestamp < 0 ? "" : cells.get(timestamp), act, pos, t.number(r, reward), p, context));
    }
    if (rows.isEmpty()) {
      throw new UserError(file + ": no logged rows after the header");
    }
    return new FeedbackLog(file.toString(), contextNames, rows);
  }

  public static void write(Path file, FeedbackLog log) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      List<String> header = new ArrayList<>(COLUMNS);
      header.addAll(log.contextColumns());
      out.write(String.join(",", header));
      out.write('\n');
      for (FeedbackLog.Row row : log.rows()) {
        List<String> cells = new ArrayList<>(List.of(row.timestamp(), row.action(), Integer.toString(row.position()),
            number(row.reward()), Double.toString(row.propensity())));
        row.context().forEach(c -> cells.add(c.contains(",") || c.contains("\"") ? '"' + c.replace("\"", "\"\"") + '"' : c));
        out.write(String.join(",", cells));
        out.write('\n');
      }
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
