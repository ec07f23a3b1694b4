package io.streamlearn.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline in a child JVM: {@code serve} with the same classpath. It counts as recovered once it
 * logged every ads partition recovered; the launch-to-recovered time goes into {@code recoveries}.
 */
final class ChildPipeline {
  private final Process process;
  private final long launched = System.nanoTime();
  private final CountDownLatch recovered = new CountDownLatch(1);
  private final Deque<String> lastLines = new ConcurrentLinkedDeque<>();

  private ChildPipeline(Process process, int partitions, List<Long> recoveries) {
    this.process = process;
    Thread reader = new Thread(() -> {
      Set<String> recoveredPartitions = new HashSet<>();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          lastLines.addLast(line);
          if (lastLines.size() > 40) {
            lastLines.pollFirst();
          }
          int at = line.indexOf("recovered ads partition ");
          if (at >= 0 && recoveredPartitions.add(line.substring(at).split(":")[0]) && recoveredPartitions.size() == partitions) {
            recoveries.add((System.nanoTime() - launched) / 1_000_000);
            recovered.countDown();
          }
        }
      } catch (IOException ignored) {
        // The child was killed: its output ends.
      }
    }, "chaos-child-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildPipeline start(String bootstrap, Path config, int partitions, List<Long> recoveries) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn.schemas",
        // The runtime's own logging (INFO: the recovery lines read above), not the test classpath's.
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"),
        "io.streamlearn.ops.Main", "serve", "--bootstrap", bootstrap, "--config", config.toString());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    return new ChildPipeline(process, partitions, recoveries);
  }

  void awaitRecovered(Duration timeout) throws InterruptedException {
    if (!recovered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the pipeline did not recover its partitions within " + timeout
          + "; its last output:\n" + String.join("\n", lastLines));
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String lastLine() {
    return lastLines.isEmpty() ? "no output" : lastLines.peekLast();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no commit
    process.waitFor();
  }

  /** SIGTERM: drain, commit, write final snapshots, exit; returns the exit code (-1: killed after 60 s). */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
