package io.streamlearn.traffic.chat;

import com.typesafe.config.Config;
import java.time.Instant;
import java.util.List;

/**
 * The chat simulator's settings ({@code streamlearn.simulate.chat}): how many scripted
 * conversations, how long, at which recall distances, and when they happen in event time.
 *
 * @param distances conversation i asks for its fact {@code distances[i % size]} turns after stating it
 * @param splitSeed the train/validation/test split of fact values; must be the checkpoint's
 * @param startMillis event time of every conversation's first turn; empty in the configuration
 *     means now, so a rerun against a running {@code serve} starts new conversations
 */
public record ChatSimulationSettings(int conversations, int turns, List<Integer> distances, long splitSeed, long seed,
    long turnIntervalMillis, long startMillis) {

  public ChatSimulationSettings {
    distances = List.copyOf(distances);
  }

  public static ChatSimulationSettings fromConfig(Config streamlearn, long nowMillis) {
    Config sim = streamlearn.getConfig("simulate.chat");
    String start = sim.getString("start");
    return new ChatSimulationSettings(
        sim.getInt("conversations"),
        sim.getInt("turns"),
        sim.getIntList("distances"),
        sim.getLong("split-seed"),
        sim.getLong("seed"),
        sim.getDuration("turn-interval").toMillis(),
        start.isEmpty() ? nowMillis / 1000 * 1000 : Instant.parse(start).toEpochMilli());
  }

  public ChatSimulationSettings withConversations(int count) {
    return new ChatSimulationSettings(count, turns, distances, splitSeed, seed, turnIntervalMillis, startMillis);
  }

  public ChatSimulationSettings withTurns(int count) {
    return new ChatSimulationSettings(conversations, count, distances, splitSeed, seed, turnIntervalMillis, startMillis);
  }

  public ChatSimulationSettings withStart(long millis) {
    return new ChatSimulationSettings(conversations, turns, distances, splitSeed, seed, turnIntervalMillis, millis);
  }

  /** A one-line reason these settings cannot script a conversation, or null if they can. */
  public String problem() {
    if (conversations < 1) {
      return "conversations must be at least 1";
    }
    if (distances.isEmpty()) {
      return "distances must name at least one recall distance";
    }
    for (int k : distances) {
      if (k < 1 || k >= turns) {
        return "recall distance " + k + " does not fit conversations of " + turns + " turns: distances must be from 1"
            + " to turns - 1";
      }
    }
    return turnIntervalMillis < 1 ? "turn-interval must be positive" : null;
  }
}
