package io.streamlearn.ops;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.http.ApiRoutes;
import io.streamlearn.ops.http.HttpServer;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.ops.http.OpsRoutes;
import io.streamlearn.ops.http.OutputTail;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision API on a real broker and pipeline: what it serves per campaign is exactly the last
 * committed decision of ads.decisions, as JSON and as the committed Avro bytes.
 */
class DecisionApiIT {

  private static final int CAMPAIGNS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LiveDomain live;
  private static AdsSimulator simulator;
  private static OutputTail tail;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    live = LiveDomain.start("ads", Map.of());
    AdsSettings ads = AdsSettings.fromConfig(live.config.getConfig("streamlearn.ads"));
    AdsSimulationSettings sim = AdsSimulationSettings.fromConfig(live.config.getConfig("streamlearn")).withCampaigns(CAMPAIGNS);
    simulator = new AdsSimulator(live.clients(), ads, sim);
    // Decisions committed before the API starts must be read too (from the start), and later ones tailed.
    for (long round = 0; round < 3; round++) {
      simulator.playRound(round);
    }
    tail = OutputTail.start(live.clients(), List.of(AdsDomain.DECISIONS), OutputTail.Also.NONE, 0);
    server = HttpServer.start(live.node.actorSystem(), new HttpSettings("127.0.0.1", 0, ""),
        concat(OpsRoutes.routes(live.node.registry(), live.node::notReady), ApiRoutes.routes(tail.outputs(), live.node.registry())),
        "--http-port");
    for (long round = 3; round < 6; round++) {
      simulator.playRound(round);
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {server, tail, simulator, live}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the remaining ones still close
      }
    }
  }

  @Test
  void servesExactlyTheLastCommittedDecisionPerCampaignAsJsonAndAvroBytes() throws Exception {
    Map<String, ConsumerRecord<byte[], byte[]>> last = lastCommittedPerCampaign();
    assertEquals(CAMPAIGNS, last.size(), "the simulator's campaigns all have decisions: " + last.keySet());
    awaitCaughtUp(last);

    JsonNode list = JSON.readTree(get("api/ads/campaigns", "application/json").body());
    Set<String> listed = new TreeSet<>();
    for (JsonNode entry : list) {
      String id = entry.get("campaign_id").asText();
      listed.add(id);
      AdDecision expected = AdsDomain.DECISION_CODEC.decode(last.get(id).value());
      assertEquals(expected.getRound(), entry.get("round").asLong(), id);
      assertEquals(expected.getPolicy(), entry.get("policy").asText(), id);
      assertEquals(last.get(id).timestamp(), entry.get("decision_time").asLong(), id);
    }
    assertEquals(last.keySet(), listed, "the list holds exactly the campaigns of ads.decisions");

    for (Map.Entry<String, ConsumerRecord<byte[], byte[]>> e : last.entrySet()) {
      String id = e.getKey();
      AdDecision expected = AdsDomain.DECISION_CODEC.decode(e.getValue().value());

      HttpResponse<byte[]> avro = getBytes("api/ads/campaigns/" + id + "/decision", "application/avro");
      assertEquals(200, avro.statusCode(), id);
      assertEquals("application/avro", avro.headers().firstValue("Content-Type").orElse(""), id);
      assertArrayEquals(e.getValue().value(), avro.body(), id + ": the Avro bytes as committed");

      HttpResponse<String> json = get("api/ads/campaigns/" + id + "/decision", "application/json");
      assertEquals(200, json.statusCode(), id);
      assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), id);
      assertDecisionJson(expected, JSON.readTree(json.body()));
    }
  }

  @Test
  void unknownCampaignOrRecordingIs404WithAJsonError() throws Exception {
    HttpResponse<String> campaign = get("api/ads/campaigns/no-such-campaign/decision", "application/json");
    assertEquals(404, campaign.statusCode());
    assertTrue(JSON.readTree(campaign.body()).get("error").asText().contains("no-such-campaign"), campaign.body());
    HttpResponse<String> avro = get("api/ads/campaigns/no-such-campaign/decision", "application/avro");
    assertEquals(404, avro.statusCode(), "no bytes for an unknown campaign, whatever is accepted");

    HttpResponse<String> recording = get("api/eeg/recordings/no-such-recording", "application/json");
    assertEquals(404, recording.statusCode());
    assertTrue(JSON.readTree(recording.body()).has("error"), recording.body());
  }

  @Test
  void malformedIdsAre400WithTheReason() throws Exception {
    Map<String, String> cases = Map.of(
        "api/ads/campaigns//decision", "empty",
        "api/ads/campaigns/" + "x".repeat(257) + "/decision", "257 characters",
        "api/ads/campaigns/bad%01id/decision", "control characters",
        "api/eeg/recordings/", "empty",
        "api/eeg/recordings/bad%7Fid", "control characters");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> response = get(c.getKey(), "application/json");
      assertEquals(400, response.statusCode(), c.getKey() + ": " + response.body());
      String reason = JSON.readTree(response.body()).get("error").asText();
      assertTrue(reason.contains(c.getValue()), c.getKey() + ": " + reason);
    }
    assertEquals(404, get("api/ads/campaigns/" + "x".repeat(256) + "/decision", "application/json").statusCode(),
        "256 characters is a well-formed id (unknown, so 404)");
  }

  @Test
  void lookupsAreCountedWithADescription() throws Exception {
    get("api/ads/campaigns/counted-unknown/decision", "application/json");
    String metrics = get("metrics", "text/plain").body();
    assertTrue(metrics.contains("# HELP streamlearn_api_lookups_total Decision API lookups"), metrics);
    assertTrue(metrics.contains("streamlearn_api_lookups_total{endpoint=\"decision\",result=\"unknown\"}"), metrics);
  }

  private static void assertDecisionJson(AdDecision expected, JsonNode json) {
    String id = expected.getCampaignId();
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(AdDecision.getClassSchema().getFields().stream().map(Schema.Field::name).toList(), fields,
        id + ": every AdDecision field, in schema order");
    assertEquals(id, json.get("campaign_id").asText());
    assertEquals(expected.getRound(), json.get("round").asLong(), id);
    assertEquals(expected.getRoundStart().toEpochMilli(), json.get("round_start").asLong(), id);
    assertEquals(expected.getRoundEnd().toEpochMilli(), json.get("round_end").asLong(), id);
    assertEquals(expected.getPolicy(), json.get("policy").asText(), id);
    assertEquals(expected.getAllocation(), doubles(json.get("allocation")), id);
    assertEquals(expected.getBidMultipliers(), doubles(json.get("bid_multipliers")), id);
    assertEquals(expected.getBlock(), json.get("block").asLong(), id);
    assertEquals(expected.getNewAction(), json.get("new_action").asBoolean(), id);
    // NaN (no estimate) is the string "NaN"; asDouble reads it back.
    assertEquals(expected.getExpectedReward(), json.get("expected_reward").asDouble(), 0.0, id);
    assertEquals(expected.getConfidenceWidth(), json.get("confidence_width").asDouble(), 0.0, id);
    assertEquals(expected.getClosedRound(), json.get("closed_round").asLong(), id);
    assertEquals(expected.getClosedRoundConversions(), json.get("closed_round_conversions").asLong(), id);
    if (expected.getPropensity() == null) {
      assertTrue(json.get("propensity").isNull(), id);
    } else {
      assertEquals(expected.getPropensity(), json.get("propensity").asDouble(), 0.0, id);
    }
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> values = new ArrayList<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      values.add(it.next().asDouble());
    }
    return values;
  }

  /** The last record per key of a read_committed read of ads.decisions, to its end. */
  private static Map<String, ConsumerRecord<byte[], byte[]>> lastCommittedPerCampaign() {
    Map<String, ConsumerRecord<byte[], byte[]>> last = new TreeMap<>();
    CommittedReader.readToEnd(live.clients(), AdsDomain.DECISIONS,
        r -> last.put(new String(r.key(), StandardCharsets.UTF_8), r));
    return last;
  }

  /** The read model is eventually consistent: wait (with a deadline) until it lists every campaign's last round. */
  private static void awaitCaughtUp(Map<String, ConsumerRecord<byte[], byte[]>> last) throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    last.forEach((id, r) -> expected.put(id, AdsDomain.DECISION_CODEC.decode(r.value()).getRound()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Long> served = Map.of();
    while (System.nanoTime() < deadline) {
      served = new TreeMap<>();
      for (JsonNode entry : JSON.readTree(get("api/ads/campaigns", "application/json").body())) {
        served.put(entry.get("campaign_id").asText(), entry.get("round").asLong());
      }
      if (served.equals(expected)) {
        return;
      }
      Thread.sleep(50);
    }
    assertEquals(expected, served, "the API caught up with ads.decisions within 30 s");
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    return HTTP.send(request(path, accept), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> getBytes(String path, String accept) throws Exception {
    return HTTP.send(request(path, accept), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(String path, String accept) {
    return HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept)
        .timeout(Duration.ofSeconds(10)).GET().build();
  }
}
