package io.streamlearn.actors.ads;

/** Validated input of a campaign entity, in event time. Vectors are per platform, in configuration order. */
public sealed interface AdsEvent {

  String campaignId();

  long eventTimeMillis();

  /** Spend and impressions served during an interval ending at {@code eventTimeMillis}. */
  record Impression(String campaignId, long eventTimeMillis, double[] spend, long[] impressions) implements AdsEvent {}

  /** Conversions observed during an interval ending at {@code eventTimeMillis}. */
  record Outcome(String campaignId, long eventTimeMillis, long conversions) implements AdsEvent {}
}
