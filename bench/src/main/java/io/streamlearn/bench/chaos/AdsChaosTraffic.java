package io.streamlearn.bench.chaos;

import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.models.Rng;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.traffic.ads.MalformedAds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ads share of a chaos stream, seeded: per campaign, impressions and outcomes every 10 minutes
 * of event time; a bad record once per 500 campaign rounds, on average.
 */
final class AdsChaosTraffic extends ChaosTraffic {
  private final int campaigns;
  private final AdsSettings settings;
  private final Rng random;
  private long step;
  private int campaign;

  AdsChaosTraffic(long records, int campaigns, long seed, AdsSettings settings) {
    super(records);
    this.campaigns = campaigns;
    this.settings = settings;
    this.random = new Rng(seed ^ 0x5DEECE66DL);
  }

  @Override
  boolean more(Deque<ProducerRecord<byte[], byte[]>> pending) {
    long time = settings.epochMillis() + step * 600_000L;
    String id = "chaos-" + campaign;
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int platforms = settings.platforms().size();
    List<Double> spend = new ArrayList<>();
    List<Long> served = new ArrayList<>();
    for (int k = 0; k < platforms; k++) {
      spend.add(Math.floor(random.nextDouble() * 5000) / 100);
      served.add((long) random.nextInt(1000));
    }
    pending.add(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key,
        AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time), spend, served))));
    pending.add(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key,
        AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time), (long) random.nextInt(40), 0.0))));
    if (random.nextInt(500) == 0) {
      List<MalformedAds.Sample> bad = MalformedAds.samples(id, time, platforms);
      MalformedAds.Sample sample = bad.get(random.nextInt(bad.size()));
      pending.add(new ProducerRecord<>(sample.topic(), sample.key(), sample.value()));
    }
    if (++campaign == campaigns) {
      campaign = 0;
      step++;
    }
    return true;
  }
}
