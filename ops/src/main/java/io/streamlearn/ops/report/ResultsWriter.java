package io.streamlearn.ops.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every command with {@code --out} writes there: {@code summary.json} with the headline
 * numbers and CSV curves, so people and scripts read results, not logs (figures: the lab's
 * {@code Charts}). Generic helpers: no knowledge of any particular experiment.
 */
public final class ResultsWriter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsWriter() {}

  /** Writes {@code dir/summary.json} (creating dir). */
  public static Path writeSummary(Path dir, Map<String, ?> summary) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("summary.json");
    JSON.writeValue(file.toFile(), summary);
    return file;
  }

  /** Writes any Jackson-serialisable value (maps, lists, records, arrays) as pretty-printed JSON. */
  public static void writeJson(Path file, Object value) throws IOException {
    createParent(file);
    JSON.writeValue(file.toFile(), value);
  }

  /** Writes a CSV file from columns of equal length, first row the header. */
  public static void writeCsv(Path file, List<String> header, List<? extends List<?>> columns) throws IOException {
    if (header.size() != columns.size()) {
      throw new IllegalArgumentException(header.size() + " header names for " + columns.size() + " columns");
    }
    createParent(file);
    int rows = columns.isEmpty() ? 0 : columns.get(0).size();
    for (List<?> c : columns) {
      if (c.size() != rows) {
        throw new IllegalArgumentException("columns of different lengths: " + rows + " and " + c.size());
      }
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write(String.join(",", header));
      out.write('\n');
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            out.write(',');
          }
          out.write(String.valueOf(columns.get(c).get(r)));
        }
        out.write('\n');
      }
    }
  }

  /**
   * Writes a CSV file of numeric columns: header = the map's keys in iteration order (use a
   * LinkedHashMap), values printed with {@link Double#toString} (integral values without ".0").
   */
  public static void writeCsv(Path file, Map<String, double[]> columns) throws IOException {
    List<String> header = new ArrayList<>(columns.keySet());
    List<List<String>> cols = new ArrayList<>();
    for (double[] c : columns.values()) {
      List<String> col = new ArrayList<>(c.length);
      for (double v : c) {
        col.add(format(v));
      }
      cols.add(col);
    }
    writeCsv(file, header, cols);
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
