package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.traffic.ads.MalformedAds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import io.streamlearn.models.Rng;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fixed stream of a chaos run, seeded: per campaign, impressions and outcomes every 10 minutes
 * of event time; some bad records (one per 500 campaign rounds, on average). A flush and a 250 ms
 * pause after every 1/40 of the records.
 */
final class ChaosInput {
  private final KafkaClients kafka;
  private final long records;
  private final int campaigns;
  private final long seed;

  ChaosInput(KafkaClients kafka, long records, int campaigns, long seed) {
    this.kafka = kafka;
    this.records = records;
    this.campaigns = campaigns;
    this.seed = seed;
  }

  void produce(AdsSettings settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    Rng random = new Rng(seed ^ 0x5DEECE66DL);
    int platforms = settings.platforms().size();
    long chunk = Math.max(1, records / 40);
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(p)) {
      long sent = 0;
      long step = 0;
      while (sent < records) {
        long time = settings.epochMillis() + step * 600_000L;
        for (int c = 0; c < campaigns && sent < records; c++, sent += 2) {
          String id = "chaos-" + c;
          byte[] key = id.getBytes(StandardCharsets.UTF_8);
          List<Double> spend = new ArrayList<>();
          List<Long> served = new ArrayList<>();
          for (int k = 0; k < platforms; k++) {
            spend.add(Math.floor(random.nextDouble() * 5000) / 100);
            served.add((long) random.nextInt(1000));
          }
          producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key,
              AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time), spend, served))));
          producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key,
              AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time), (long) random.nextInt(40), 0.0))));
          if (random.nextInt(500) == 0) {
            List<MalformedAds.Sample> bad = MalformedAds.samples(id, time, platforms);
            MalformedAds.Sample sample = bad.get(random.nextInt(bad.size()));
            producer.send(new ProducerRecord<>(sample.topic(), sample.key(), sample.value()));
            sent++;
          }
          if (sent % chunk < 2) {
            producer.flush();
            sleepQuietly(250);
          }
        }
        step++;
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
