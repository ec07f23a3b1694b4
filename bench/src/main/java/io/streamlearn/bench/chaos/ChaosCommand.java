package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.lab.report.Charts;
import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.broker.BrokerOptions;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.ops.report.ResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Kills the pipeline again and again while it works, then checks its committed output is exact. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Run `serve` as a child JVM, SIGKILL and restart it at seeded random moments while a fixed stream"
        + " flows, then compare the committed output with an uninterrupted run: mismatches, duplicates, lost.")
public final class ChaosCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--records", defaultValue = "1000000", description = "Input records (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs of the pipeline (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(names = "--campaigns", defaultValue = "500", description = "Keys (default: ${DEFAULT-VALUE}).")
  int campaigns;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the stream and of the kill times (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--nodes", defaultValue = "1",
      description = "serve nodes in one Pekko cluster; with more than 1, one leaves gracefully and one joins"
          + " mid-stream (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--brokers", defaultValue = "1",
      description = "Nodes of the embedded broker cluster; with 3 or more, one is killed and restarted mid-stream"
          + " (default: ${DEFAULT-VALUE}; ignored with --bootstrap).")
  int brokers;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of each topic the run creates (default: streamlearn.kafka.partitions).")
  Integer partitions;

  @Option(names = "--domains", split = ",", paramLabel = "D", defaultValue = "ads",
      description = "Domains whose traffic flows and whose outputs are compared: ads, eeg, chat"
          + " (default: ${DEFAULT-VALUE}).")
  List<String> domains;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, recovery.csv and recovery.png here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (records < 1000 || kills < 0 || campaigns < 1 || nodes < 1 || brokers < 1) {
      throw new UserError("--records must be at least 1000, --kills at least 0, --campaigns, --nodes and --brokers"
          + " at least 1");
    }
    if (nodes == 2 && kills > 0) {
      throw new UserError("--nodes 2 cannot survive a kill (the split brain resolver downs one side of two): pass"
          + " --nodes 1, or 3 or more");
    }
    if (!ChaosRun.Plan.ALL_DOMAINS.containsAll(domains) || domains.size() != new HashSet<>(domains).size()) {
      throw new UserError("--domains takes some of " + String.join(",", ChaosRun.Plan.ALL_DOMAINS) + ", each once, not "
          + String.join(",", domains));
    }
    if (partitions != null && partitions < 1) {
      throw new UserError("--partitions must be at least 1");
    }
    Config config = options.config(CommonOptions.flags("streamlearn.kafka.partitions", partitions));
    EmbeddedKafka embedded = options.bootstrap(config).isEmpty()
        ? EmbeddedKafka.start(BrokerOptions.defaults().withNodes(brokers)) : null;
    KafkaClients kafka = embedded != null ? KafkaClients.of(embedded.bootstrapServers())
        : options.requireCluster(config, "chaos");
    Path work = Files.createTempDirectory("streamlearn-chaos-");
    try {
      ChaosRun.Result result = new ChaosRun(config, kafka, new ChaosRun.Plan(records, kills, campaigns, seed, nodes, domains),
          embedded, work, line -> System.out.println("  " + line)).run();
      print(result);
      if (out != null) {
        write(result);
      }
      return result.exact() && result.stoppedGracefully() ? 0 : 1;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void print(ChaosRun.Result r) {
    System.out.printf("nodes %d  broker kills %d  nodes that exited by themselves (restarted) %d"
        + "  input records/s, first commit to last: %,.0f%s%n", r.nodes(), r.brokerKills(), r.selfExits(),
        r.recordsPerSecond(), r.kills() > 0 ? " (kills and recoveries included)" : "");
    System.out.printf("records %,d  kills %d%n", r.records(), r.kills());
    r.outputs().forEach((domain, o) -> System.out.printf(
        "%s: outputs compared %,d  mismatches %d  duplicates %d  lost %d%n",
        domain, o.compared(), o.mismatches(), o.duplicates(), o.lost()));
    r.firstDifferences().forEach(d -> System.out.println("  difference: " + d));
    System.out.printf("recovery per start (launch to all partitions live): median %d ms, max %d ms over %d starts;"
        + " %d partition recoveries from a checkpoint%n",
        r.recoveryMedian(), r.recoveryMax(), r.recoveryMillis().size(), r.checkpointRecoveries());
    System.out.printf("final SIGTERM: exit code %d after %,d ms; %d of %d entities' final snapshots behind their input%n",
        r.stopExitCode(), r.stopMillis(), r.snapshotsBehind(), r.entities());
  }

  private void write(ChaosRun.Result r) throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("records", r.records());
    summary.put("nodes", r.nodes());
    summary.put("kills", r.kills());
    summary.put("broker_kills", r.brokerKills());
    summary.put("self_exits", r.selfExits());
    summary.put("compared", r.compared());
    summary.put("mismatches", r.mismatches());
    summary.put("duplicates", r.duplicates());
    summary.put("lost", r.lost());
    r.outputs().forEach((domain, o) -> {
      Map<String, Object> outcome = new LinkedHashMap<>();
      outcome.put("compared", o.compared());
      outcome.put("mismatches", o.mismatches());
      outcome.put("duplicates", o.duplicates());
      outcome.put("lost", o.lost());
      summary.put(domain, outcome);
    });
    summary.put("records_per_s", Math.round(r.recordsPerSecond()));
    summary.put("recovery_ms_median", r.recoveryMedian());
    summary.put("recovery_ms_max", r.recoveryMax());
    summary.put("checkpoint_recoveries", r.checkpointRecoveries());
    summary.put("stop_exit_code", r.stopExitCode());
    summary.put("stop_ms", r.stopMillis());
    summary.put("entities", r.entities());
    summary.put("final_snapshots_behind", r.snapshotsBehind());
    ResultsWriter.writeSummary(out, summary);
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < r.recoveryMillis().size(); i++) {
      starts.add(String.valueOf(i + 1));
    }
    ResultsWriter.writeCsv(out.resolve("recovery.csv"), List.of("start", "recovery_ms"),
        List.of(starts, r.recoveryMillis().stream().map(String::valueOf).toList()));
    Charts.writeBarChart(out.resolve("recovery.png"), "Recovery per start (launch to all partitions live)",
        "ms", starts, r.recoveryMillis());
  }
}
