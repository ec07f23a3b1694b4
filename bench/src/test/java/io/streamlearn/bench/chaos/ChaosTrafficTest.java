package io.streamlearn.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.schemas.ChatTurn;
import io.streamlearn.schemas.EegSampleBlock;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.streams.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The chaos stream: its split between domains, and per key the order the pipelines require. */
class ChaosTrafficTest {

  @Test
  void recordsAreSplitBetweenTheDomainsByWeightAndAddUp() {
    ChaosInput input = new ChaosInput(KafkaClients.of("127.0.0.1:1"), 200_000, List.of("ads", "eeg", "chat"), 10, 1L,
        AdsSettings.fromConfig(ConfigFactory.load().getConfig("streamlearn.ads")));
    assertEquals(Map.of("ads", 176_000L, "eeg", 20_000L, "chat", 4_000L), input.counts());
  }

  @Test
  void eachRecordingsValidBlocksFollowEachOtherWithoutGapsOrOverlaps() {
    Map<String, Long> nextStart = new HashMap<>();
    int bad = 0;
    for (var it = new EegChaosTraffic(20_000, 3L, 1_000_000L); it.hasNext(); ) {
      ProducerRecord<byte[], byte[]> record = it.next();
      EegSampleBlock block;
      try {
        block = EegDomain.SAMPLES_CODEC.decode(record.value());
      } catch (RuntimeException malformed) {
        bad++;
        continue;
      }
      String id = block.getRecordingId();
      long start = block.getEventTime().toEpochMilli();
      boolean regular = block.getSamples().stream().allMatch(c -> c.size() == 32 && c.stream().allMatch(Float::isFinite))
          && block.getSamples().size() == EegChaosTraffic.CHANNELS && block.getSampleRateHz() == EegChaosTraffic.SAMPLE_RATE;
      if (!regular || start != nextStart.getOrDefault(id, 1_000_000L)) {
        bad++;
        continue;
      }
      nextStart.put(id, start + EegChaosTraffic.BLOCK_MILLIS);
    }
    assertEquals(12, nextStart.size(), "recordings");
    assertTrue(bad > 20 && bad < 100, "about one bad block in 400: " + bad);
    nextStart.values().forEach(next -> assertTrue(next > 1_000_000L + 1600 * 200, "every recording advanced"));
  }

  @Test
  void eachConversationsValidTurnsAreNumberedOneByOne() {
    Map<String, Long> lastTurn = new HashMap<>();
    int bad = 0;
    for (Iterator<ProducerRecord<byte[], byte[]>> it = new ChatChaosTraffic(4_000, 3L, 1_000_000L); it.hasNext(); ) {
      ProducerRecord<byte[], byte[]> record = it.next();
      ChatTurn turn;
      try {
        turn = ChatDomain.TURN_CODEC.decode(record.value());
      } catch (RuntimeException malformed) {
        bad++;
        continue;
      }
      String key = new String(record.key(), StandardCharsets.UTF_8);
      long expected = lastTurn.getOrDefault(key, 0L) + 1;
      if (!key.equals(turn.getConversationId()) || turn.getTurn() != expected || turn.getText().isBlank()
          || turn.getText().length() > ChatDomain.MAX_TEXT_CHARS) {
        bad++;
        continue;
      }
      lastTurn.put(key, expected);
    }
    assertEquals(400, lastTurn.size(), "conversations");
    assertTrue(bad > 5 && bad < 50, "about one bad turn in 200: " + bad);
    assertTrue(lastTurn.values().stream().allMatch(t -> t >= 9), "every conversation got (almost) all its turns");
  }
}
