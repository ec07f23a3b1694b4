package io.streamlearn.ops;

import io.streamlearn.ops.cli.UserError;
import io.streamlearn.schemas.DeadLetter;
import io.streamlearn.streams.DeadLetters;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a simulator user why no decisions come: the pipeline dead-letters this run's records as
 * late, because its campaigns already passed those rounds (an earlier run with the same ids).
 */
final class LateInput {

  private LateInput() {}

  static void check(KafkaClients kafka, AdsSimulationSettings sim) {
    Set<String> ours = new HashSet<>();
    for (int i = 0; i < sim.campaigns(); i++) {
      ours.add(sim.campaignId(i));
    }
    long late = CommittedReader.readUntil(kafka, AdsDomain.DEAD_LETTERS, records -> false, Duration.ofSeconds(3)).stream()
        .filter(r -> r.key() != null && ours.contains(new String(r.key(), StandardCharsets.UTF_8)))
        .map(r -> DeadLetters.CODEC.decode(r.value()))
        .map(DeadLetter::getReason)
        .filter("late"::equals)
        .count();
    if (late > 0) {
      throw new UserError(late + " records of this run went to " + AdsDomain.DEAD_LETTERS + " as late: its campaigns"
          + " already passed these rounds (an earlier run with the same ids). Pass a new --run-id, or leave it out for"
          + " a fresh one");
    }
  }
}
