package io.streamlearn.ops;

import com.typesafe.config.Config;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.kafka.KafkaClients;
import io.streamlearn.traffic.capture.TopicRecorder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
    KafkaClients kafka = options.requireCluster(config, "record reads topics of a running cluster");
    long written;
    try {
      written = TopicRecorder.record(kafka, topics, out);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    System.out.println("recorded " + written + " records of " + topics + " into " + out);
    return 0;
  }
}
