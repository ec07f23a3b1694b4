package io.streamlearn.bench.chaos;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.streams.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The fixed stream of a chaos run: each domain's seeded traffic ({@link AdsChaosTraffic},
 * {@link EegChaosTraffic}, {@link ChatChaosTraffic}), interleaved so that every domain is under way
 * all through the run: in 40 chunks, each with its share of every domain, a flush and a 250 ms pause
 * after each.
 */
final class ChaosInput {
  /** Relative shares of the records by domain (EEG blocks and chat turns cost more than ads records). */
  private static final Map<String, Integer> WEIGHTS = Map.of("ads", 88, "eeg", 10, "chat", 2);
  private static final int CHUNKS = 40;

  private final KafkaClients kafka;
  private final Map<String, Iterator<ProducerRecord<byte[], byte[]>>> traffic = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();

  /** Ads traffic only. */
  ChaosInput(KafkaClients kafka, long records, int campaigns, long seed, AdsSettings ads) {
    this(kafka, records, List.of("ads"), campaigns, seed, ads);
  }

  /** {@code records} split between {@code domains} by their weights. */
  ChaosInput(KafkaClients kafka, long records, List<String> domains, int campaigns, long seed, AdsSettings ads) {
    this.kafka = kafka;
    int total = domains.stream().mapToInt(WEIGHTS::get).sum();
    long left = records;
    for (int i = 0; i < domains.size(); i++) {
      String domain = domains.get(i);
      long count = i == domains.size() - 1 ? left : records * WEIGHTS.get(domain) / total;
      left -= count;
      counts.put(domain, count);
      traffic.put(domain, switch (domain) {
        case "ads" -> new AdsChaosTraffic(count, campaigns, seed, ads);
        case "eeg" -> new EegChaosTraffic(count, seed, ads.epochMillis());
        case "chat" -> new ChatChaosTraffic(count, seed, ads.epochMillis());
        default -> throw new IllegalArgumentException("no chaos traffic for domain " + domain);
      });
    }
  }

  /** Input records planned per domain (the last chat turns may fall short of their share). */
  Map<String, Long> counts() {
    return counts;
  }

  void produce() {
    Properties p = new Properties();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    List<String> domains = new ArrayList<>(traffic.keySet());
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer(p)) {
      for (int chunk = 1; chunk <= CHUNKS; chunk++) {
        for (String domain : domains) {
          Iterator<ProducerRecord<byte[], byte[]>> records = traffic.get(domain);
          long due = chunk == CHUNKS ? Long.MAX_VALUE : counts.get(domain) / CHUNKS;
          for (long i = 0; i < due && records.hasNext(); i++) {
            producer.send(records.next());
          }
        }
        producer.flush();
        sleepQuietly(250);
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
