package io.streamlearn.lab.ope;

import io.streamlearn.ops.cli.UserError;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as a header and rows, each row with its number (1 = the first after the header), for
 * messages that say where a problem is. Quoted cells ("a,b", "say ""hi""") are read as RFC 4180
 * writes them; an unnamed first column (the index pandas writes, as in OBP's logs) is dropped.
 */
final class CsvTable {

  final Path file;
  final List<String> header;
  final List<List<String>> rows;

  private CsvTable(Path file, List<String> header, List<List<String>> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  static CsvTable read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new UserError(file + ": not a CSV text file (bytes that are not UTF-8)");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new UserError(file + ": empty, expected a header row");
    }
    List<String> header = split(file, 1, lines.get(0));
    boolean index = header.get(0).isEmpty() || header.get(0).startsWith("Unnamed: 0");
    if (index) {
      header = header.subList(1, header.size());
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = split(file, i + 1, lines.get(i));
      if (index && !cells.isEmpty()) {
        cells = cells.subList(1, cells.size());
      }
      if (cells.size() != header.size()) {
        throw new UserError(file + " row " + (rows.size() + 1) + " (line " + (i + 1) + "): " + cells.size()
            + " cells, the header has " + header.size());
      }
      rows.add(cells);
    }
    return new CsvTable(file, List.copyOf(header), rows);
  }

  /** Index of the first of {@code names} in the header, or -1. */
  int column(String... names) {
    for (String name : names) {
      int i = header.indexOf(name);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }

  int required(String... names) {
    int i = column(names);
    if (i < 0) {
      throw new UserError(file + ": missing column '" + names[0] + "'" + (names.length > 1 ? " (or '"
          + String.join("', '", List.of(names).subList(1, names.length)) + "')" : "") + "; the header is "
          + String.join(",", header));
    }
    return i;
  }

  /** A number cell; blank or unparsable is an error naming the row and column. */
  double number(int row, int column) {
    String cell = rows.get(row).get(column).trim();
    if (cell.isEmpty()) {
      throw new UserError(file + " row " + (row + 1) + ": " + header.get(column) + " is missing");
    }
    try {
      double v = Double.parseDouble(cell);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError(file + " row " + (row + 1) + ": " + header.get(column) + " '" + cell + "' is not a number");
  }

  private static List<String> split(Path file, int line, String text) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new UserError(file + " line " + line + ": a quoted cell is not closed");
    }
    cells.add(cell.toString().trim());
    return cells;
  }
}
