package io.streamlearn.traffic.capture;

import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.streams.replay.RecordingFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Copies topics, from their start to their current end (committed records), into a recording file. */
public final class TopicRecorder {

  private TopicRecorder() {}

  /**
   * @return the number of records written
   * @throws IllegalArgumentException for a topic that does not exist, with the fix
   */
  public static long record(KafkaClients kafka, List<String> topics, Path out) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = CommittedReader.consumer(kafka, Map.of());
        RecordingFile file = RecordingFile.create(out)) {
      List<TopicPartition> partitions = topics.stream()
          .flatMap(topic -> {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
              throw new IllegalArgumentException("topic " + topic + " does not exist on " + kafka.bootstrap() + ": check --topics");
            }
            return infos.stream().map(info -> new TopicPartition(topic, info.partition()));
          })
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            file.append(record);
          }
        }
      }
      return file.written();
    }
  }
}
