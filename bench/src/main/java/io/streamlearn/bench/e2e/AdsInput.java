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

/**
 * The input every run of bench e2e reads: valid ads traffic, impressions and outcomes alternating.
 * Every campaign reports every quarter round of event time on both topics, so rounds close and
 * decisions flow as in live traffic.
 */
final class AdsInput {

  private final AdsSettings settings;
  private final int campaigns;
  private final List<Double> spend;
  private final List<Long> impressions;
  private final long step;

  AdsInput(AdsSettings settings, int campaigns) {
    this.settings = settings;
    this.campaigns = campaigns;
    int platforms = settings.platforms().size();
    this.spend = Collections.nCopies(platforms, settings.budgetUnit() / 4);
    this.impressions = Collections.nCopies(platforms, 100L);
    this.step = settings.roundLengthMillis() / 4;
  }

  /** Writes records 0 to {@code records} − 1 to the ads input topics. */
  static void produce(KafkaClients kafka, AdsSettings settings, int records, int campaigns) {
    AdsInput input = new AdsInput(settings, campaigns);
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "10",
        ProducerConfig.BATCH_SIZE_CONFIG, "262144"))) {
      for (int i = 0; i < records; i++) {
        producer.send(input.record(i, AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES));
      }
    }
  }

  /** Record {@code i} of the input, to the given impressions and outcomes topics. */
  ProducerRecord<byte[], byte[]> record(int i, String impressionsTopic, String outcomesTopic) {
    int campaign = (i / 2) % campaigns;
    long time = settings.epochMillis() + ((long) (i / 2) / campaigns + 1) * step;
    String id = "bench-" + campaign;
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    return i % 2 == 0
        ? new ProducerRecord<>(impressionsTopic, null, time, key,
            AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time), spend, impressions)))
        : new ProducerRecord<>(outcomesTopic, null, time, key,
            AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time), 3L, 0.0)));
  }
}
