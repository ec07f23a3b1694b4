package io.streamlearn.traffic.ads;

import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.ads.AdsDomain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One of each kind of bad ads record, with the reason the pipeline must give it. */
public final class MalformedAds {

  /** A bad record and the dead-letter reason and detail fragment it must produce. */
  public record Sample(String topic, byte[] key, byte[] value, String reason, String detailContains) {}

  private MalformedAds() {}

  public static List<Sample> samples(String campaignId, long time, int platforms) {
    byte[] key = campaignId.getBytes(StandardCharsets.UTF_8);
    List<Double> spend = Collections.nCopies(platforms, 1.0);
    List<Long> impressions = Collections.nCopies(platforms, 10L);
    byte[] good = AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(campaignId, Instant.ofEpochMilli(time), spend, impressions));
    byte[] wrongFingerprint = good.clone();
    wrongFingerprint[4] ^= 0x21;
    List<Double> nanSpend = new ArrayList<>(spend);
    nanSpend.set(0, Double.NaN);
    List<Double> infiniteSpend = new ArrayList<>(spend);
    infiniteSpend.set(platforms - 1, Double.POSITIVE_INFINITY);
    return List.of(
        new Sample(AdsDomain.IMPRESSIONS, key, Arrays.copyOf(good, good.length - 3), "decode", "malformed"),
        new Sample(AdsDomain.IMPRESSIONS, key, wrongFingerprint, "decode", "unknown schema fingerprint"),
        new Sample(AdsDomain.OUTCOMES, key, "not avro at all".getBytes(StandardCharsets.UTF_8), "decode", "not Avro"),
        new Sample(AdsDomain.OUTCOMES, key, null, "decode", "no value"),
        new Sample(AdsDomain.IMPRESSIONS, key, impression(campaignId, time, nanSpend, impressions), "validation", "NaN"),
        new Sample(AdsDomain.IMPRESSIONS, key, impression(campaignId, time, infiniteSpend, impressions), "validation", "Infinity"),
        new Sample(AdsDomain.IMPRESSIONS, key,
            impression(campaignId, time, spend.subList(0, platforms - 1), impressions.subList(0, platforms - 1)),
            "validation", "expected " + platforms + " platforms"),
        new Sample(AdsDomain.OUTCOMES, key,
            AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(campaignId, Instant.ofEpochMilli(time), -4L, 0.0)),
            "validation", "conversion_count is -4"),
        new Sample(AdsDomain.OUTCOMES, null,
            AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(campaignId, Instant.ofEpochMilli(time), 1L, 0.0)),
            "validation", "no key"),
        new Sample(AdsDomain.OUTCOMES, "someone-else".getBytes(StandardCharsets.UTF_8),
            AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(campaignId, Instant.ofEpochMilli(time), 1L, 0.0)),
            "validation", "differs from campaign_id"));
  }

  private static byte[] impression(String campaignId, long time, List<Double> spend, List<Long> impressions) {
    return AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(campaignId, Instant.ofEpochMilli(time), spend, impressions));
  }
}
