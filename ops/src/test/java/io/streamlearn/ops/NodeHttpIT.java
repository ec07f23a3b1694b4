package io.streamlearn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.ads.MalformedAds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node's HTTP side on a real broker, as an orchestrator and Prometheus see it: readiness is
 * false while a partition recovers and true after; after a run, {@code /metrics} counts exactly the
 * records sent, the records committed and the dead letters on the DLQ, every streamlearn metric
 * with a HELP text.
 */
class NodeHttpIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SAMPLE = Pattern.compile("^(streamlearn_[a-z_]+)\\{([^}]*)} ([0-9.eE+-]+)$");

  @Test
  void readyOnlyAfterRecoveryAndMetricsCountWhatKafkaHolds() throws Exception {
    // The listener holds the first recovery open, so the test sees the node while a partition recovers.
    CountDownLatch release = new CountDownLatch(1);
    try (LiveDomain.Unstarted live = LiveDomain.prepare("ads", Map.of())) {
      Node node = live.node();
      List<Domain<?, ?>> domains = List.of(DomainCatalog.create(AdsDomain.NAME, live.config()));
      node.onRecovered(report -> {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      try (NodeHttp http = NodeHttp.start(node, domains, new HttpSettings("127.0.0.1", 0, ""))) {
        HttpResponse<String> early = get(http, "health/ready");
        assertEquals(503, early.statusCode(), early.body());
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> node.startPipelines(domains));
        String reason = awaitReadiness(http, 503, "recovering");
        assertTrue(reason.contains("\"ready\":false"), reason);
        release.countDown();
        awaitReadiness(http, 200, "\"ready\":true");
        starting.get(60, TimeUnit.SECONDS);

        int malformed = playRoundsWithMalformedRecords(live);
        Map<String, Long> onTopics = new HashMap<>();
        for (String topic : List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS, AdsDomain.DEAD_LETTERS)) {
          long[] n = {0};
          CommittedReader.readToEnd(node.kafka(), topic, r -> n[0]++);
          onTopics.put(topic, n[0]);
        }
        assertEquals(malformed, onTopics.get(AdsDomain.DEAD_LETTERS).intValue(), "every malformed record is on the DLQ");
        assertTrue(onTopics.get(AdsDomain.DECISIONS) > 0);

        // Counters are bumped before the transaction commits; poll until they stand where Kafka does.
        Map<String, Double> metrics = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
          metrics = scrape(http);
          if (metrics.getOrDefault(consumed(AdsDomain.IMPRESSIONS), 0.0) == onTopics.get(AdsDomain.IMPRESSIONS).doubleValue()
              && metrics.getOrDefault(produced(AdsDomain.DECISIONS), 0.0) == onTopics.get(AdsDomain.DECISIONS).doubleValue()) {
            break;
          }
          Thread.sleep(200);
        }
        assertEquals(onTopics.get(AdsDomain.IMPRESSIONS).doubleValue(), metrics.get(consumed(AdsDomain.IMPRESSIONS)), "impressions");
        assertEquals(onTopics.get(AdsDomain.OUTCOMES).doubleValue(), metrics.get(consumed(AdsDomain.OUTCOMES)), "outcomes");
        assertEquals(onTopics.get(AdsDomain.DECISIONS).doubleValue(), metrics.get(produced(AdsDomain.DECISIONS)), "decisions");
        assertEquals(onTopics.get(AdsDomain.DEAD_LETTERS).doubleValue(), metrics.get(produced(AdsDomain.DEAD_LETTERS)), "DLQ");
        double deadLetters = metrics.entrySet().stream().filter(e -> e.getKey().startsWith("streamlearn_dead_letters_total"))
            .mapToDouble(Map.Entry::getValue).sum();
        assertEquals((double) malformed, deadLetters, "dead letters by reason add up to the DLQ");
        assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("streamlearn_processing_latency_seconds_bucket")),
            "the processing latency is a histogram with buckets");
        assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("streamlearn_recovery_duration_seconds_count")));
        assertHelpTexts(get(http, "metrics").body());
      }
    }
  }

  private static int playRoundsWithMalformedRecords(LiveDomain.Unstarted live) {
    AdsSettings ads = AdsSettings.fromConfig(live.config().getConfig("streamlearn.ads"));
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(live.config().getConfig("streamlearn")).withCampaigns(2);
    try (AdsSimulator simulator = new AdsSimulator(live.node().kafka(), ads, sim)) {
      simulator.playRound(0);
      List<MalformedAds.Sample> bad = new ArrayList<>(MalformedAds.samples(sim.campaignId(0),
          ads.roundStart(1) + ads.roundLengthMillis() / 2, ads.platforms().size()));
      bad.forEach(s -> simulator.sendRaw(s.topic(), s.key(), s.value()));
      for (long round = 1; round < 4; round++) {
        simulator.playRound(round);
      }
      return bad.size();
    }
  }

  private static void assertHelpTexts(String scrape) {
    List<String> families = scrape.lines().filter(l -> l.startsWith("# TYPE streamlearn_")).map(l -> l.split(" ")[2]).toList();
    assertFalse(families.isEmpty());
    for (String family : families) {
      String help = scrape.lines().filter(l -> l.startsWith("# HELP " + family + " ")).findFirst().orElse("");
      assertTrue(help.length() > ("# HELP " + family + " ").length() + 10, "HELP text of " + family + ": '" + help + "'");
    }
  }

  private static String consumed(String topic) {
    return "streamlearn_records_consumed_total{domain=\"ads\",topic=\"" + topic + "\"}";
  }

  private static String produced(String topic) {
    return "streamlearn_records_produced_total{domain=\"ads\",topic=\"" + topic + "\"}";
  }

  /** Every streamlearn sample of the scrape, by name and labels as written. */
  private static Map<String, Double> scrape(NodeHttp http) throws Exception {
    Map<String, Double> samples = new HashMap<>();
    for (String line : get(http, "metrics").body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        samples.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
      }
    }
    return samples;
  }

  private static String awaitReadiness(NodeHttp http, int status, String contains) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(http, "health/ready");
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == status && r.body().contains(contains)) {
        return r.body();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("readiness never became " + status + " with '" + contains + "'; last: " + last);
  }

  private static HttpResponse<String> get(NodeHttp http, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(http.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
