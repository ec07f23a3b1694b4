package io.streamlearn.lab.backtest;

import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.replay.RecordingFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A recording (written by {@code record}) read into memory, optionally cut to a range of event time
 * (the records' timestamps, which streamlearn's inputs and outputs carry), so that every compared
 * configuration replays exactly the same records.
 */
final class RecordedInput {

  final Path file;
  final List<ConsumerRecord<byte[], byte[]>> records;

  private RecordedInput(Path file, List<ConsumerRecord<byte[], byte[]>> records) {
    this.file = file;
    this.records = records;
  }

  /**
   * @param fromMillis first event time kept (inclusive), or null
   * @param toMillis end of the range (exclusive), or null
   * @throws UserError for a file that is missing, not a recording, truncated or empty
   */
  static RecordedInput read(Path file, Long fromMillis, Long toMillis) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file: pass a recording written by `record` (or an .edf file) to --in");
    }
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try {
      RecordingFile.forEach(file, r -> {
        if ((fromMillis == null || r.timestamp() >= fromMillis) && (toMillis == null || r.timestamp() < toMillis)) {
          records.add(r);
        }
      });
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
    if (records.isEmpty()) {
      throw new UserError(file + ": no records" + (fromMillis != null || toMillis != null ? " in the --from/--to range" : ""));
    }
    return new RecordedInput(file, records);
  }

  List<ConsumerRecord<byte[], byte[]>> topic(String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  boolean has(String topic) {
    return records.stream().anyMatch(r -> r.topic().equals(topic));
  }

  /** Records per topic. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    records.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
    return counts;
  }
}
