package io.streamlearn.actors.ads;

/**
 * The allocation a campaign's policy chose for one round (see the {@code ads.decisions} schema for
 * the meaning of every field). Money in the campaign's currency, rewards in conversions per round.
 */
public record AdsOutput(
    String campaignId,
    long round,
    long roundStartMillis,
    long roundEndMillis,
    String policy,
    double[] allocation,
    double[] bidMultipliers,
    long block,
    boolean newAction,
    double expectedConversions,
    double confidenceWidthConversions,
    long closedRound,
    long closedRoundConversions,
    double propensity) {}
