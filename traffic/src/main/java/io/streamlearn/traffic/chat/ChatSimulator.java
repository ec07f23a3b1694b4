package io.streamlearn.traffic.chat;

import io.streamlearn.traffic.chat.FactDialogues;
import io.streamlearn.schemas.ChatResponse;
import io.streamlearn.schemas.ChatTurn;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.chat.ChatDomain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.streamlearn.models.Rng;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.TreeMap;

/**
 * Users in scripted fact dialogues, standing in for a chat front end: every conversation sends its
 * turn t to {@code chat.turns}, waits for the answer on {@code chat.responses} (read from where that
 * topic ended when the simulator started), then sends turn t + 1. Each conversation states a fact
 * and asks for it k turns later; the answer to that question is the recall test.
 */
public final class ChatSimulator implements AutoCloseable {

  /** A scripted conversation and the number of its question turn (from 1). */
  public record Scripted(String conversationId, FactDialogues.Dialogue dialogue) {
    public long questionTurn() {
      return dialogue.probeTurn() + 1;
    }
  }

  /** What came back: every answer by conversation and turn, and the turns left unanswered. */
  public record Result(List<Scripted> conversations, Map<String, Map<Long, ChatResponse>> answers, long turnsSent,
      long unanswered) {

    /** Per recall distance k: {questions answered with exactly the stated value, questions asked}. */
    public Map<Integer, int[]> recallByDistance() {
      Map<Integer, int[]> byK = new TreeMap<>();
      for (Scripted s : conversations) {
        ChatResponse answer = answers.getOrDefault(s.conversationId(), Map.of()).get(s.questionTurn());
        int[] counts = byK.computeIfAbsent(s.dialogue().distance(), k -> new int[2]);
        counts[0] += answer != null && answer.getText().equals(s.dialogue().value()) ? 1 : 0;
        counts[1]++;
      }
      return byK;
    }

    public List<Long> respondMicros() {
      return answers.values().stream().flatMap(m -> m.values().stream()).map(ChatResponse::getRespondMicros).toList();
    }

    /** Memory-update times reported with each answer after a conversation's first. */
    public List<Long> memoryUpdateMicros() {
      return answers.values().stream().flatMap(m -> m.values().stream()).filter(r -> r.getTurn() > 1)
          .map(ChatResponse::getMemoryUpdateMicros).toList();
    }
  }

  /** Called after turn {@code turn} of every conversation has its answer (e.g. to slip in bad records). */
  @FunctionalInterface
  public interface TurnHook {
    TurnHook NONE = turn -> { };

    void answered(long turn);
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> responses;

  public ChatSimulator(KafkaClients kafka) {
    producer = kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    responses = CommittedReader.consumer(kafka, Map.of());
    List<TopicPartition> partitions = responses.partitionsFor(ChatDomain.RESPONSES, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(ChatDomain.RESPONSES, info.partition())).toList();
    responses.assign(partitions);
    responses.seekToEnd(partitions);
    partitions.forEach(responses::position);
  }

  /** Conversation i of {@code settings}, named {@code <prefix>-<i>}, asks for its fact distances[i % size] turns later. */
  public static List<Scripted> script(ChatSimulationSettings settings, String prefix) {
    FactDialogues dialogues = new FactDialogues(settings.splitSeed());
    Rng rng = new Rng(settings.seed());
    List<Scripted> out = new ArrayList<>();
    for (int i = 0; i < settings.conversations(); i++) {
      int k = settings.distances().get(i % settings.distances().size());
      out.add(new Scripted(String.format("%s-%03d", prefix, i),
          dialogues.dialogue(FactDialogues.Split.TEST, settings.turns(), k, rng)));
    }
    return out;
  }

  /**
   * Plays every conversation to its end, turn by turn; gives up on a turn whose answers have not all
   * come within {@code answerTimeout}, and reports what came.
   */
  public Result play(List<Scripted> conversations, ChatSimulationSettings settings, Duration answerTimeout,
      TurnHook afterTurn) {
    Map<String, Map<Long, ChatResponse>> answers = new HashMap<>();
    long sent = 0;
    int turns = conversations.stream().mapToInt(s -> s.dialogue().turns().size()).max().orElse(0);
    for (int t = 0; t < turns; t++) {
      long number = t + 1;
      List<String> waiting = new ArrayList<>();
      for (Scripted s : conversations) {
        if (t < s.dialogue().turns().size()) {
          long time = settings.startMillis() + t * settings.turnIntervalMillis();
          send(s.conversationId(), encode(s.conversationId(), time, number, s.dialogue().turns().get(t).query()));
          waiting.add(s.conversationId());
          sent++;
        }
      }
      producer.flush();
      long deadline = System.nanoTime() + answerTimeout.toNanos();
      while (System.nanoTime() < deadline
          && !waiting.stream().allMatch(id -> answers.getOrDefault(id, Map.of()).containsKey(number))) {
        for (ConsumerRecord<byte[], byte[]> record : responses.poll(Duration.ofMillis(50))) {
          ChatResponse response = ChatDomain.RESPONSE_CODEC.decode(record.value());
          answers.computeIfAbsent(response.getConversationId(), id -> new HashMap<>()).put(response.getTurn(), response);
        }
      }
      if (!waiting.stream().allMatch(id -> answers.getOrDefault(id, Map.of()).containsKey(number))) {
        break;
      }
      afterTurn.answered(number);
    }
    long answered = answers.values().stream().mapToLong(Map::size).sum();
    return new Result(conversations, answers, sent, sent - answered);
  }

  /** The Avro value of one turn. */
  public static byte[] encode(String conversationId, long eventMillis, long turn, String text) {
    return ChatDomain.TURN_CODEC.encode(new ChatTurn(conversationId, Instant.ofEpochMilli(eventMillis), turn, text));
  }

  private void send(String conversationId, byte[] value) {
    producer.send(new ProducerRecord<>(ChatDomain.TURNS, conversationId.getBytes(StandardCharsets.UTF_8), value));
  }

  /** Sends raw bytes to {@code chat.turns}, e.g. malformed turns to show where they go; returns where they went. */
  public RecordMetadata sendRaw(byte[] key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(ChatDomain.TURNS, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + ChatDomain.TURNS, e);
    }
  }

  @Override
  public void close() {
    producer.close();
    responses.close();
  }
}
