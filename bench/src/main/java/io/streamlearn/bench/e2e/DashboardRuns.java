package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.ops.NodeHttp;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * bench dashboard's runs, each on a fresh embedded broker and node with the dashboard's server:
 * live recordings at real time watched by clients (event-to-screen delay, frames and bytes per
 * client); the same recordings as fast as the pipeline takes them, with and without clients
 * (what the dashboard costs the pipeline); and the decision API under a bidder's load.
 */
final class DashboardRuns {

  /** A live run: every client's view. */
  record Live(List<FrameClients.Client> clients, double seconds) {}

  private final Config config;

  DashboardRuns(Config config) {
    this.config = config;
  }

  /**
   * {@code recordings} at real time for {@code sim}'s duration, {@code clients} watching; the first
   * {@code warmupSeconds} not counted.
   */
  Live live(EegSimulationSettings sim, int recordings, int clients, double warmupSeconds) throws Exception {
    try (Served served = serve(EegDomain.NAME)) {
      Node node = served.node();
      NodeHttp http = served.http();
      List<ProducerRecord<byte[], byte[]>> blocks = EegBlocks.of(sim, recordings);
      long blockNanos = Math.round(sim.blockSamples() / sim.sampleRateHz() * 1e9);
      long wallStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      BlockClock clock = new BlockClock(wallStart, sim.startMillis(), blockNanos);
      Thread sender = new Thread(() -> send(node, blocks, clock), "bench-dashboard-sender");
      sender.start();
      long countFrom = wallStart + (long) (warmupSeconds * 1e9);
      try (FrameClients watching = new FrameClients(http.url(), ids(recordings), clients, clock, sim.blockMillis(),
          1000 / sim.sampleRateHz(), countFrom)) {
        sender.join();
        Thread.sleep(2000); // the last blocks' predictions reach the screens
        return new Live(watching.clients(), (System.nanoTime() - countFrom) / 1e9);
      }
    }
  }

  /**
   * The same blocks as fast as they go: records per second from the first block sent to the last
   * prediction handed to the producer, with {@code clients} watching (0 = none).
   */
  double capacity(EegSimulationSettings sim, int recordings, int clients) throws Exception {
    try (Served served = serve(EegDomain.NAME)) {
      Node node = served.node();
      NodeHttp http = served.http();
      List<ProducerRecord<byte[], byte[]>> blocks = EegBlocks.of(sim, recordings);
      long started = System.nanoTime();
      Thread sender = new Thread(() -> send(node, blocks, null), "bench-dashboard-sender");
      sender.start();
      BlockClock unused = new BlockClock(started, sim.startMillis(), 1);
      try (FrameClients watching = clients == 0 ? null
          : new FrameClients(http.url(), ids(recordings), clients, unused, sim.blockMillis(), 1, Long.MAX_VALUE)) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (predictions(node) < blocks.size()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the pipeline produced " + predictions(node) + " of " + blocks.size()
                + " predictions in 10 minutes");
          }
          Thread.sleep(20);
        }
        double rate = blocks.size() / ((System.nanoTime() - started) / 1e9);
        sender.join();
        return rate;
      }
    }
  }

  /** Campaigns with decisions, then {@code perSecond} lookups for {@code seconds}. */
  LookupLoad.Result lookups(int campaigns, double perSecond, double seconds) throws Exception {
    try (Served served = serve("ads")) {
      Node node = served.node();
      NodeHttp http = served.http();
      AdsSettings ads = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
      AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(config.getConfig("streamlearn")).withCampaigns(campaigns);
      List<String> ids = new ArrayList<>();
      try (AdsSimulator simulator = new AdsSimulator(node.kafka(), ads, sim)) {
        for (long round = 0; round < 3; round++) {
          simulator.playRound(round);
        }
      }
      for (int i = 0; i < campaigns; i++) {
        ids.add(sim.campaignId(i));
      }
      Thread.sleep(2000); // the tail reads the last round's decisions
      LookupLoad.run(http.url(), ids, perSecond, Math.min(2, seconds), 1); // JIT and connections warm
      return LookupLoad.run(http.url(), ids, perSecond, seconds, 2);
    }
  }

  /** A fresh embedded broker and a node running one domain's pipeline with the HTTP server. */
  private record Served(Node node, NodeHttp http) implements AutoCloseable {
    @Override
    public void close() {
      try (node) {
        http.close();
      }
    }
  }

  private Served serve(String domainName) {
    Node node = Node.open(config, "");
    try {
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create(domainName, config));
      node.ensureTopics(domains);
      node.startPipelines(domains);
      return new Served(node, NodeHttp.start(node, domains, new HttpSettings("127.0.0.1", 0, "")));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static List<String> ids(int recordings) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < recordings; i++) {
      ids.add("bench-eeg-" + i);
    }
    return ids;
  }

  private static long predictions(Node node) {
    return PipelineMetrics.counts(node.registry(), EegDomain.NAME, PipelineMetrics.PRODUCED, "topic")
        .getOrDefault(EegDomain.PREDICTIONS, 0L);
  }

  /** Sends the blocks, each when due on {@code clock}, or as fast as they go without one. */
  private static void send(Node node, List<ProducerRecord<byte[], byte[]>> blocks, BlockClock clock) {
    try {
      EegBlocks.send(node.kafka(), blocks, clock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
