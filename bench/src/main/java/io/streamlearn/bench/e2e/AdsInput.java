package io.streamlearn.bench.e2e;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The input every run of bench e2e reads: valid ads traffic, impressions and outcomes alternating. */
final class AdsInput {

  private AdsInput() {}

  /**
   * Writes {@code records} records for {@code campaigns} campaigns to the ads input topics. Every
   * campaign reports every quarter round of event time on both topics, so rounds close and
   * decisions flow as in live traffic.
   */
  static void produce(KafkaClients kafka, AdsSettings settings, int records, int campaigns) {
    int platforms = settings.platforms().size();
    List<Double> spend = Collections.nCopies(platforms, settings.budgetUnit() / 4);
    List<Long> impressions = Collections.nCopies(platforms, 100L);
    long step = settings.roundLengthMillis() / 4;
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "10",
        ProducerConfig.BATCH_SIZE_CONFIG, "262144"))) {
      for (int i = 0; i < records; i++) {
        int campaign = (i / 2) % campaigns;
        long time = settings.epochMillis() + ((long) (i / 2) / campaigns + 1) * step;
        String id = "bench-" + campaign;
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        if (i % 2 == 0) {
          producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key, AdsDomain.IMPRESSION_CODEC.encode(
              new AdImpression(id, Instant.ofEpochMilli(time), spend, impressions))));
        } else {
          producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key, AdsDomain.OUTCOME_CODEC.encode(
              new AdOutcome(id, Instant.ofEpochMilli(time), 3L, 0.0))));
        }
      }
    }
  }
}
