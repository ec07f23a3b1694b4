package io.streamlearn.bench.chaos;

import io.streamlearn.models.Rng;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.traffic.chat.ChatSimulationSettings;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.traffic.chat.MalformedChat;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The chat share of a chaos stream, seeded: scripted fact dialogues of 10 turns, one turn of every
 * conversation after the other (open loop: a turn does not wait for the previous answer), so all
 * conversations are under way at once; a bad turn once per 200 turns, on average.
 */
final class ChatChaosTraffic extends ChaosTraffic {
  private static final int TURNS = 10;
  private static final long TURN_INTERVAL_MILLIS = 10_000;

  private final long startMillis;
  private final Rng random;
  private final List<ChatSimulator.Scripted> conversations;
  private int conversation;
  private int turn;

  /** @param startMillis event time of every conversation's first turn */
  ChatChaosTraffic(long records, long seed, long startMillis) {
    super(records);
    this.startMillis = startMillis;
    this.random = new Rng(seed ^ 0xC4A7L);
    int count = (int) Math.max(1, records / TURNS);
    // Split seed 7: the shipped checkpoint's (reference.conf, simulate.chat.split-seed).
    conversations = ChatSimulator.script(new ChatSimulationSettings(count, TURNS, List.of(1, 2, 4, 8), 7, seed,
        TURN_INTERVAL_MILLIS, startMillis), "chaos-chat");
  }

  @Override
  boolean more(Deque<ProducerRecord<byte[], byte[]>> out) {
    if (turn == TURNS) {
      return false;
    }
    int answered = turn; // the turns of this conversation sent so far
    ChatSimulator.Scripted scripted = conversations.get(conversation);
    String id = scripted.conversationId();
    long time = startMillis + turn * TURN_INTERVAL_MILLIS;
    ProducerRecord<byte[], byte[]> next = new ProducerRecord<>(ChatDomain.TURNS, null, time,
        id.getBytes(StandardCharsets.UTF_8),
        ChatSimulator.encode(id, time, turn + 1, scripted.dialogue().turns().get(turn).query()));
    boolean slipBadOne = answered > 0 && random.nextInt(200) == 0;
    if (++conversation == conversations.size()) {
      conversation = 0;
      turn++;
    }
    if (slipBadOne) {
      List<MalformedChat.Sample> bad = MalformedChat.samples(id, answered, time);
      MalformedChat.Sample sample = bad.get(random.nextInt(bad.size()));
      out.add(new ProducerRecord<>(ChatDomain.TURNS, null, time, sample.key(), sample.value()));
    }
    out.add(next);
    return true;
  }
}
