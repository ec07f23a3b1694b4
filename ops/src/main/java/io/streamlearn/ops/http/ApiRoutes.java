package io.streamlearn.ops.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.EegAlert;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The decision API: the latest committed decision per campaign for the bidder, and per recording
 * the latest score and alert state. Answers from {@link LatestOutputs} only, so a lookup never
 * touches Kafka or an entity.
 */
public final class ApiRoutes {

  /** Avro single-object encoding, exactly the bytes committed on the topic. */
  static final ContentType AVRO = MediaTypes.applicationBinary("avro", false).toContentType();

  static final int MAX_ID_LENGTH = 256;

  private final LatestOutputs outputs;
  private final MeterRegistry registry;
  /** By endpoint and result, so a lookup does not build a meter id. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private ApiRoutes(LatestOutputs outputs, MeterRegistry registry) {
    this.outputs = outputs;
    this.registry = registry;
  }

  public static Route routes(LatestOutputs outputs, MeterRegistry registry) {
    ApiRoutes api = new ApiRoutes(outputs, registry);
    return get(() -> pathPrefix("api", () -> concat(
        pathPrefix("ads", () -> pathPrefix("campaigns", () -> concat(
            pathEnd(api::campaigns),
            path(PathMatchers.segment().slash("decision"),
                id -> optionalHeaderValueByName("Accept", accept -> api.decision(id, accept))),
            // Pekko matches no empty segment: "campaigns//decision" is an empty id, not an unknown path.
            path(PathMatchers.neutral().slash("decision"), () -> api.malformed("decision", "campaign", ""))))),
        pathPrefix("eeg", () -> pathPrefix("recordings", () -> concat(
            path(PathMatchers.segment(), api::recording),
            pathSingleSlash(() -> api.malformed("recording", "recording", ""))))))));
  }

  private Route campaigns() {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (LatestOutputs.Decision latest : outputs.decisions()) {
      AdDecision d = latest.decision();
      list.addObject()
          .put("campaign_id", d.getCampaignId())
          .put("round", d.getRound())
          .put("policy", d.getPolicy())
          .put("decision_time", latest.timestamp());
    }
    count("campaigns", "found");
    return OpsRoutes.json(StatusCodes.OK, Json.write(list));
  }

  private Route decision(String campaignId, Optional<String> accept) {
    if (malformedReason(campaignId).isPresent()) {
      return malformed("decision", "campaign", campaignId);
    }
    Optional<LatestOutputs.Decision> latest = outputs.decision(campaignId);
    if (latest.isEmpty()) {
      count("decision", "unknown");
      return OpsRoutes.error(StatusCodes.NOT_FOUND, "no committed decision for campaign " + campaignId);
    }
    count("decision", "found");
    if (accept.map(a -> a.contains(AVRO.mediaType().toString())).orElse(false)) {
      return complete(HttpResponse.create().withEntity(HttpEntities.create(AVRO, latest.get().bytes())));
    }
    return OpsRoutes.json(StatusCodes.OK, latest.get().json());
  }

  private Route recording(String recordingId) {
    if (malformedReason(recordingId).isPresent()) {
      return malformed("recording", "recording", recordingId);
    }
    Optional<LatestOutputs.Recording> latest = outputs.recording(recordingId);
    if (latest.isEmpty()) {
      count("recording", "unknown");
      // The id is echoed to the caller only; it is never logged (EEG is medical data).
      return OpsRoutes.error(StatusCodes.NOT_FOUND, "no committed prediction or alert for recording " + recordingId);
    }
    count("recording", "found");
    LatestOutputs.Recording r = latest.get();
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("recording_id", recordingId);
    json.put("anomaly_score", r.score());
    if (r.lastBlockTime() == null) {
      json.putNull("last_block_time");
    } else {
      json.put("last_block_time", r.lastBlockTime());
    }
    EegAlert open = r.openEpisode();
    ObjectNode alert = json.putObject("alert");
    alert.put("open", open != null);
    if (open != null) {
      alert.put("start_time", open.getStartTime().toEpochMilli());
      alert.put("peak_score", open.getPeakScore());
      ArrayNode channels = alert.putArray("channels");
      open.getChannels().forEach(c -> channels.add(c.toString()));
    }
    return OpsRoutes.json(StatusCodes.OK, Json.write(json));
  }

  /** Why {@code id} cannot be an id, if it cannot. */
  public static Optional<String> malformedReason(String id) {
    if (id.isEmpty()) {
      return Optional.of("is empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      return Optional.of("is " + id.length() + " characters long, more than " + MAX_ID_LENGTH);
    }
    if (id.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of("contains control characters");
    }
    return Optional.empty();
  }

  private Route malformed(String endpoint, String what, String id) {
    count(endpoint, "malformed");
    return OpsRoutes.error(StatusCodes.BAD_REQUEST, "the " + what + " id " + malformedReason(id).orElseThrow()
        + " (ids are 1 to " + MAX_ID_LENGTH + " characters, no control characters)");
  }

  private void count(String endpoint, String result) {
    counters.computeIfAbsent(endpoint + '/' + result, k -> Counter.builder("streamlearn.api.lookups")
        .description("Decision API lookups by endpoint and result (found, unknown, malformed)")
        .tag("endpoint", endpoint).tag("result", result)
        .register(registry)).increment();
  }
}
