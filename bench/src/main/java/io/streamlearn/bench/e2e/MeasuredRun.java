package io.streamlearn.bench.e2e;

import com.typesafe.config.Config;
import io.streamlearn.bench.chaos.OutputComparison;
import io.streamlearn.streams.kafka.KafkaClients;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One isolated, verified run of one contender: fresh topics of its own, a new consumer group, the
 * rate from the first record consumed to the moment a read_committed reader has every output a
 * complete run commits, then its outputs read back and compared with what is expected.
 */
final class MeasuredRun {

  /**
   * @param recordsPerS input records / (last output committed − first record consumed); NaN if it never finished
   * @param verified every expected output committed once, byte for byte, nothing else
   */
  record Result(String contender, String mode, String run, double recordsPerS, boolean verified, String detail) {}

  private MeasuredRun() {}

  /** @param stall how long the run may go without committing an output before it counts as failed */
  static Result run(Contender contender, String mode, boolean exactlyOnce, String run, String name, KafkaClients kafka,
      Config kafkaConfig, ExpectedOutputs expected, long records, Duration stall) throws Exception {
    RunTopics topics = new RunTopics("bench." + name + ".");
    topics.create(kafka, kafkaConfig);
    AtomicLong first = new AtomicLong();
    double rate;
    String failure = null;
    try (CommittedWatch watch = new CommittedWatch(kafka, topics.output(), expected.total(contender.decisions()))) {
      Contender.Running running = contender.starter().start(name, topics, exactlyOnce, first);
      try {
        long end = watch.awaitAll(stall, running::failed);
        rate = records / ((end - first.get()) / 1e9);
      } catch (IllegalStateException e) {
        rate = Double.NaN;
        failure = e.getMessage();
      } finally {
        running.stop();
      }
    }
    OutputComparison.Outcome outcome = expected.check(kafka, topics.output(), contender.decisions());
    boolean exact = outcome.mismatches() == 0 && outcome.duplicates() == 0 && outcome.lost() == 0;
    String detail = String.format("%,d expected outputs of %d keys: %d lost, %d duplicated, %d differ%s%s",
        outcome.compared(), expected.keys(contender.decisions()), outcome.lost(), outcome.duplicates(),
        outcome.mismatches(), outcome.firstDifferences().isEmpty() ? "" : " " + outcome.firstDifferences(),
        failure == null ? "" : "; " + failure);
    return new Result(contender.key(), mode, run, rate, exact && failure == null, detail);
  }
}
