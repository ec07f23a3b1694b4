package io.streamlearn.ops.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.streams.PipelineMetrics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints the pipeline counters: records in and out per topic, dead letters per reason. */
public final class Summary {

  private Summary() {}

  public static void printCounts(MeterRegistry registry, PrintStream out) {
    Map<String, Long> consumed = PipelineMetrics.counts(registry, PipelineMetrics.CONSUMED, "topic");
    Map<String, Long> produced = PipelineMetrics.counts(registry, PipelineMetrics.PRODUCED, "topic");
    Map<String, Long> deadLetters = PipelineMetrics.counts(registry, PipelineMetrics.DEAD_LETTERS, "reason");
    consumed.forEach((topic, n) -> out.printf("  in   %-18s %,10d%n", topic, n));
    produced.forEach((topic, n) -> out.printf("  out  %-18s %,10d%n", topic, n));
    out.printf("  dead letters       %,10d %s%n", deadLetters.values().stream().mapToLong(Long::longValue).sum(),
        deadLetters.isEmpty() ? "" : deadLetters);
  }

  /** The same counters for summary.json. */
  public static Map<String, Object> countsJson(MeterRegistry registry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("consumed", PipelineMetrics.counts(registry, PipelineMetrics.CONSUMED, "topic"));
    json.put("produced", PipelineMetrics.counts(registry, PipelineMetrics.PRODUCED, "topic"));
    json.put("dead_letters", PipelineMetrics.counts(registry, PipelineMetrics.DEAD_LETTERS, "reason"));
    return json;
  }
}
