package io.streamlearn.ops;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.RecordingFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes topics, from their start to their current end, into a recording file for replay. */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Copy topics (committed records, start to current end) into an Avro container file for `replay`.")
final class RecordCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--topics", split = ",", required = true, paramLabel = "TOPIC[,TOPIC...]",
      description = "Topics to record, e.g. ads.impressions,ads.outcomes.")
  List<String> topics;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Recording file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    String bootstrap = options.bootstrap(config);
    if (bootstrap.isEmpty()) {
      throw new UserError("record reads topics of a running cluster: pass --bootstrap host:port (e.g. the address `broker` prints)");
    }
    long written = record(bootstrap, topics, out);
    System.out.println("recorded " + written + " records of " + topics + " into " + out);
    return 0;
  }

  static long record(String bootstrap, List<String> topics, Path out) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        RecordingFile file = RecordingFile.create(out)) {
      List<TopicPartition> partitions = topics.stream()
          .flatMap(topic -> {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
              throw new UserError("topic " + topic + " does not exist on " + bootstrap + ": check --topics");
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
