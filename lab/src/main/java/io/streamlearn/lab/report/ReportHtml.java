package io.streamlearn.lab.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A self-contained report.html: headings, paragraphs, tables and the PNG figures embedded (data
 * URIs, so the one file opens anywhere; the PNGs stay beside it too), ending with the exact command
 * and the versions that produced it.
 */
public final class ReportHtml {

  /** Artifacts whose versions a report names (group/artifact of their pom.properties in the jar). */
  private static final List<String> ARTIFACTS = List.of("io.streamlearn/lab", "org.apache.avro/avro",
      "org.knowm.xchart/xchart", "com.fasterxml.jackson.core/jackson-databind");

  private final StringBuilder body = new StringBuilder();
  private final String title;

  public ReportHtml(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  public ReportHtml heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  public ReportHtml subheading(String text) {
    body.append("<h3>").append(escape(text)).append("</h3>\n");
    return this;
  }

  public ReportHtml paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  public ReportHtml table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      row.forEach(c -> body.append("<td>").append(escape(c)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** Embeds a PNG written beside the report. */
  public ReportHtml figure(Path png, String caption) throws IOException {
    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,").append(data)
        .append("\"><figcaption>").append(escape(caption)).append(" (").append(escape(png.getFileName().toString()))
        .append(")</figcaption></figure>\n");
    return this;
  }

  /** The command line as the user gave it, for {@link #write}: the lab jar and the original arguments. */
  public static String commandLine(CommandSpec spec) {
    return "java -jar lab/target/streamlearn-lab.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  /** Writes the report with the command that made it and the versions it ran with. */
  public Path write(Path dir, String command) throws IOException {
    heading("How this report was made");
    body.append("<pre>").append(escape(command)).append("</pre>\n");
    List<List<String>> versions = new ArrayList<>();
    versions().forEach((k, v) -> versions.add(List.of(k, v)));
    table(List.of("component", "version"), versions);
    paragraph("Written " + Instant.now() + ".");
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:1250px;margin:2em auto;padding:0 1em;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
        + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
        + "pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}figcaption{color:#555}</style></head><body>\n"
        + body + "</body></html>\n";
    Files.createDirectories(dir);
    Path file = dir.resolve("report.html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  /** Java and the libraries' versions, from the jar's Maven metadata. */
  public static Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    out.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
        + Runtime.getRuntime().availableProcessors() + " processors");
    out.put("Apache Pekko", com.typesafe.config.ConfigFactory.load().getString("pekko.version"));
    out.put("Apache Kafka clients", org.apache.kafka.common.utils.AppInfoParser.getVersion());
    for (String artifact : ARTIFACTS) {
      try (InputStream in = ReportHtml.class.getResourceAsStream("/META-INF/maven/" + artifact + "/pom.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          out.put(artifact.replace('/', ':'), p.getProperty("version"));
        }
      } catch (IOException e) {
        out.put(artifact.replace('/', ':'), "unknown (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  /** A number for a table cell: {@code decimals} places, "–" for NaN. */
  public static String num(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%,." + decimals + "f", v);
  }

  /**
   * A table's rows as CSV columns for ResultsWriter: thousands separators dropped, interval cells
   * ("a – b") quoted.
   */
  public static List<List<String>> csvColumns(List<List<String>> rows) {
    List<List<String>> cols = new ArrayList<>();
    for (int c = 0; c < rows.get(0).size(); c++) {
      List<String> col = new ArrayList<>();
      for (List<String> row : rows) {
        String v = row.get(c).replace(",", "");
        col.add(v.contains(" – ") ? '"' + v + '"' : v);
      }
      cols.add(col);
    }
    return cols;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
