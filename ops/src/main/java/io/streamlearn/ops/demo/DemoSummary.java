package io.streamlearn.ops.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.ops.report.AdsReport;
import io.streamlearn.ops.report.ChatReport;
import io.streamlearn.ops.report.EegReport;
import io.streamlearn.ops.report.ResultsWriter;
import io.streamlearn.ops.report.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's summary: the pipelines' counters and each simulator's verdict, printed and as summary.json. */
public final class DemoSummary {

  private DemoSummary() {}

  public static void print(DemoResult r, MeterRegistry registry, PrintStream out) {
    out.println();
    out.println("summary after " + r.rounds() + " rounds, " + r.seconds() + " s"
        + (r.stoppedEarly() ? " (stopped early: what was played so far)" : "") + ":");
    Summary.printCounts(registry, out);
    out.println("ads:");
    AdsReport.print(r.ads(), r.rounds(), r.decisionTimeouts(), out);
    out.println("eeg:");
    EegReport.print(r.eeg(), out);
    out.println("chat:");
    if (r.chat() == null) {
      out.println("  stopped before the conversations ended");
    } else {
      ChatReport.print(r.chat(), out);
    }
  }

  /** Writes {@code dir/summary.json}. */
  public static Path write(DemoResult r, MeterRegistry registry, Path dir) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rounds", r.rounds());
    json.put("seconds", r.seconds());
    json.put("stopped_early", r.stoppedEarly());
    json.put("counts", Summary.countsJson(registry));
    json.put("ads", AdsReport.json(r.ads(), r.rounds(), r.decisionTimeouts()));
    json.put("eeg", EegReport.json(r.eeg()));
    json.put("chat", r.chat() == null ? null : ChatReport.json(r.chat()));
    return ResultsWriter.writeSummary(dir, json);
  }
}
