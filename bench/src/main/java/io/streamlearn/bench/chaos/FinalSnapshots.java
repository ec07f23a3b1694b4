package io.streamlearn.bench.chaos;

import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.Decoded;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.Snapshots;
import io.streamlearn.streams.kafka.Checkpoints;
import io.streamlearn.streams.kafka.CommittedReader;
import java.util.HashMap;
import java.util.Map;

/**
 * After a graceful stop, every entity's final state must be in the snapshot topic: its latest
 * snapshot's source offsets must include its last valid input record on every input partition.
 */
final class FinalSnapshots {

  /** @param behind entities whose latest snapshot misses one of their records */
  record Check(int behind, int entities) {}

  private FinalSnapshots() {}

  static Check check(KafkaClients kafka, Domain<?, ?> domain) {
    Map<String, Map<String, Long>> lastApplied = new HashMap<>();
    for (String topic : domain.inputTopics()) {
      CommittedReader.readToEnd(kafka, topic, r -> {
        if (domain.decode(r) instanceof Decoded.Valid<?> valid) {
          lastApplied.computeIfAbsent(valid.entityId(), k -> new HashMap<>()).put(r.topic() + "/" + r.partition(), r.offset() + 1);
        }
      });
    }
    Map<String, Map<String, Long>> snapshotted = new HashMap<>();
    CommittedReader.readToEnd(kafka, domain.snapshotTopic(), r -> {
      if (!Checkpoints.isCheckpoint(r.key())) {
        snapshotted.put(OutputComparison.keyOf(r.key()), Snapshots.CODEC.decode(r.value()).getSourceOffsets());
      }
    });
    int behind = 0;
    for (var entity : lastApplied.entrySet()) {
      Map<String, Long> snapshot = snapshotted.getOrDefault(entity.getKey(), Map.of());
      for (var next : entity.getValue().entrySet()) {
        if (!next.getValue().equals(snapshot.get(next.getKey()))) {
          behind++;
          break;
        }
      }
    }
    return new Check(behind, lastApplied.size());
  }
}
