package io.streamlearn.streams.ads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsEvent;
import io.streamlearn.actors.ads.AdsOutput;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.Decoded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AdsDomainTest {

  private static final Config ADS = ConfigFactory.load().getConfig("streamlearn.ads");
  private static final AdsDomain DOMAIN = AdsDomain.fromConfig(ADS);
  private static final long T0 = 1_767_225_600_000L;

  private static Decoded<AdsEvent> decode(String topic, String key, byte[] value) {
    return DOMAIN.decode(new ConsumerRecord<>(topic, 0, 0L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  private static byte[] impression(String campaignId, List<Double> spend, List<Long> served) {
    return AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(campaignId, Instant.ofEpochMilli(T0), spend, served));
  }

  private static byte[] impression(List<Double> spend, List<Long> served) {
    return impression("c-1", spend, served);
  }

  private static byte[] outcome(String campaignId, long count, double value) {
    return AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(campaignId, Instant.ofEpochMilli(T0), count, value));
  }

  private static void assertInvalid(Decoded<AdsEvent> decoded, String reason, String detail) {
    Decoded.Invalid<AdsEvent> invalid = assertInstanceOf(Decoded.Invalid.class, decoded);
    assertEquals(reason, invalid.reason(), invalid.detail());
    assertTrue(invalid.detail().contains(detail), invalid.detail());
  }

  @Test
  void anImpressionBecomesSpendAndImpressionsPerPlatformOfItsCampaignAtItsEventTime() {
    byte[] value = impression(List.of(10.5, 0.0, 3.25), List.of(100L, 0L, 7L));
    Decoded.Valid<AdsEvent> valid = assertInstanceOf(Decoded.Valid.class, decode(AdsDomain.IMPRESSIONS, "c-1", value));
    assertEquals("c-1", valid.entityId());
    assertEquals(T0, valid.eventTimeMillis());
    AdsEvent.Impression event = assertInstanceOf(AdsEvent.Impression.class, valid.event());
    assertEquals("c-1", event.campaignId());
    assertEquals(T0, event.eventTimeMillis());
    assertArrayEquals(new double[] {10.5, 0.0, 3.25}, event.spend());
    assertArrayEquals(new long[] {100, 0, 7}, event.impressions());
  }

  @Test
  void anOutcomeBecomesTheConversionsOfItsCampaignAtItsEventTime() {
    Decoded.Valid<AdsEvent> valid = assertInstanceOf(Decoded.Valid.class,
        decode(AdsDomain.OUTCOMES, "c-1", outcome("c-1", 12, 340.0)));
    assertEquals("c-1", valid.entityId());
    assertEquals(T0, valid.eventTimeMillis());
    assertEquals(new AdsEvent.Outcome("c-1", T0, 12), valid.event());
  }

  @Test
  void bytesThatAreNotAnAdRecordAreInvalidForDecode() {
    byte[] good = impression(List.of(1.0, 2.0, 3.0), List.of(1L, 2L, 3L));
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", Arrays.copyOf(good, good.length - 3)), "decode", "malformed");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", Arrays.copyOf(good, 10)), "decode", "malformed");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", "{\"campaign_id\":\"c-1\"}".getBytes(StandardCharsets.UTF_8)),
        "decode", "not Avro single-object encoded");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", null), "decode", "no value");
    byte[] otherFingerprint = good.clone();
    otherFingerprint[5] ^= 0x10; // bytes 2-9 are the writer schema's fingerprint
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", otherFingerprint), "decode", "unknown schema fingerprint");
    // An outcome on the impressions topic: a valid message of another schema.
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", outcome("c-1", 1, 0.0)), "decode", "unknown schema fingerprint");
    byte[] goodOutcome = outcome("c-1", 1, 0.0);
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-1", Arrays.copyOf(goodOutcome, goodOutcome.length - 1)), "decode", "malformed");
  }

  @Test
  void recordsThatDecodeButBreakARuleOfTheDomainAreInvalidForValidation() {
    List<Long> served = List.of(1L, 2L, 3L);
    List<Double> spend = List.of(1.0, 2.0, 3.0);
    assertInvalid(decode(AdsDomain.IMPRESSIONS, null, impression(spend, served)), "validation", "no key");
    assertInvalid(decode(AdsDomain.OUTCOMES, null, outcome("c-1", 1, 0.0)), "validation", "no key");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-2", impression(spend, served)), "validation", "differs from campaign_id");
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-2", outcome("c-1", 1, 0.0)), "validation", "differs from campaign_id");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(List.of(1.0, 2.0), served)), "validation", "expected 3 platforms");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(spend, List.of(1L, 2L, 3L, 4L))), "validation",
        "expected 3 platforms");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(List.of(1.0, -0.5, 3.0), served)), "validation", "spend[1]");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(List.of(Double.NaN, 2.0, 3.0), served)), "validation",
        "spend[0] is NaN");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(List.of(1.0, 2.0, Double.POSITIVE_INFINITY), served)),
        "validation", "spend[2] is Infinity");
    assertInvalid(decode(AdsDomain.IMPRESSIONS, "c-1", impression(spend, List.of(1L, 2L, -3L))), "validation",
        "impressions[2] is -3");
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-1", outcome("c-1", -1, 0.0)), "validation", "conversion_count is -1");
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-1", outcome("c-1", 1, Double.NaN)), "validation", "conversion_value is NaN");
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-1", outcome("c-1", 1, Double.NEGATIVE_INFINITY)), "validation",
        "conversion_value is -Infinity");
    assertInvalid(decode(AdsDomain.OUTCOMES, "c-1", outcome("c-1", 1, -2.0)), "validation", "conversion_value is -2.0");
    // The domain's own output topic, read by mistake: a valid message, but not an input.
    assertInvalid(decode(AdsDomain.DECISIONS, "c-1", outcome("c-1", 1, 0.0)), "validation", "not an input topic");
  }

  @Test
  void aDecisionIsOneRecordOnTheDecisionsTopicKeyedByCampaignAtItsRoundStart() {
    long start = T0 + 3_600_000;
    AdsOutput output = new AdsOutput("c-1", 2, start, start + 3_600_000, "DynLin-UCB", new double[] {100, 50, 0},
        new double[] {2, 1, 0}, 4, true, 12.5, 3.25, 1, 17, 0.25);
    List<ProducerRecord<byte[], byte[]>> records = DOMAIN.encode(output);
    assertEquals(1, records.size());
    ProducerRecord<byte[], byte[]> record = records.get(0);
    assertEquals(AdsDomain.DECISIONS, record.topic());
    assertEquals("c-1", new String(record.key(), StandardCharsets.UTF_8));
    assertEquals(start, record.timestamp());
    AdDecision decision = AdsDomain.DECISION_CODEC.decode(record.value());
    assertEquals(new AdDecision("c-1", 2L, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 3_600_000),
        "DynLin-UCB", List.of(100.0, 50.0, 0.0), List.of(2.0, 1.0, 0.0), 4L, true, 12.5, 3.25, 1L, 17L, 0.25), decision);
  }

  private static IllegalArgumentException refused(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ADS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdsDomain.fromConfig(config));
    assertTrue(e.getMessage().contains("streamlearn.ads"), e.getMessage());
    return e;
  }

  @Test
  void aConfigurationWhosePolicyCannotRunLiveIsRefusedNamingStreamlearnAds() {
    // Refused for what it is (it plays the true best allocation), not for a missing allocation.
    assertTrue(refused("policy = Clairvoyant").getMessage().contains("Clairvoyant plays the true best allocation"));
    assertTrue(refused("policy-by-campaign { c-7 = clairvoyant }").getMessage().contains("Clairvoyant plays"));
    assertTrue(refused("policy = Expert").getMessage().contains("needs streamlearn.ads.expert-allocation"));
    assertTrue(refused("policy-by-campaign { c-7 = No-Such-Policy }").getMessage().contains("unknown policy 'No-Such-Policy'"));
    assertTrue(refused("exploration.epsilon = 1.5").getMessage().contains("exploration.epsilon = 1.5"));
    assertTrue(refused("exploration.by-campaign { c-7 = -0.1 }").getMessage().contains("by-campaign.c-7"));
    // What makes Expert runnable: its allocation, one share per platform.
    Config expert = ConfigFactory.parseString("policy = Expert, expert-allocation = [1.0, 0.5, 0.0]").withFallback(ADS);
    assertEquals(AdsDomain.NAME, AdsDomain.fromConfig(expert).name());
  }

  @Test
  void exploringCampaignsLogTheMixedPropensityAndOthersTheirPolicysOwn() {
    Config config = ConfigFactory.parseString("exploration { epsilon = 0, by-campaign { c-x = 0.5 } }").withFallback(ADS);
    AdsDomain domain = AdsDomain.fromConfig(config);
    int k = 6; // the default arm set: 3 platforms, 1.5 units, at most 1 per platform
    for (String campaign : List.of("c-x", "c-plain")) {
      var logic = domain.entities().create(campaign);
      List<Double> propensities = new java.util.ArrayList<>();
      for (int round = 0; round < 40; round++) {
        long end = T0 + (round + 1) * 3_600_000L + 60_000L;
        for (AdsEvent event : List.of(new AdsEvent.Impression(campaign, end, new double[] {1, 1, 1}, new long[] {1, 1, 1}),
            new AdsEvent.Outcome(campaign, end, 10L * (round % 3)))) {
          if (logic.handle(event) instanceof io.streamlearn.actors.EntityResult.Emit<AdsOutput> emit) {
            emit.outputs().forEach(o -> propensities.add(o.propensity()));
          }
        }
      }
      List<Double> distinct = propensities.stream().distinct().sorted().toList();
      if (campaign.equals("c-x")) {
        // (1 - ε) p + ε/K with p = 1/K (first arm), 1 (its choice) or 0 (an explored other arm)
        assertTrue(List.of(0.5 / k, 1.0 / k, 0.5 + 0.5 / k).containsAll(distinct), distinct.toString());
        assertTrue(distinct.contains(0.5 + 0.5 / k) && distinct.size() >= 2, distinct.toString());
      } else {
        assertEquals(List.of(1.0 / k, 1.0), distinct, "DynLin-UCB: a uniform first arm, then its own choices");
      }
    }
  }
}
