package io.streamlearn.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline in a child JVM: {@code serve} with the same classpath. It counts as recovered once it
 * logged, for each of its domains, every partition of its assignment recovered; the
 * launch-to-recovered time goes into {@code recoveries}.
 */
final class ChildPipeline {
  private static final AtomicInteger STARTS = new AtomicInteger();
  private static final Pattern SNAPSHOTS_READ = Pattern.compile("\\((\\d+) records read\\)");
  private static final Pattern RECOVERED = Pattern.compile("(\\d+) records replayed from .*, (\\d+) ms");
  private static final Pattern MEMBER = Pattern.compile(
      "cluster: node (\\S+ \\(incarnation -?\\d+\\)) (is up|was removed|does not answer|answers again)");
  private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+): partitions \\[([\\d, ]*)\\] (assigned|revoked)");
  private static final Pattern RECOVERED_PARTITION = Pattern.compile("recovered (\\w+) partition (\\d+):");
  private final Process process;
  private volatile boolean killed;
  private final long launched = System.nanoTime();
  private final CountDownLatch recovered = new CountDownLatch(1);
  private final Deque<String> lastLines = new ConcurrentLinkedDeque<>();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong recoveryMillis = new AtomicLong();
  private final AtomicLong checkpointRecoveries = new AtomicLong();
  private final AtomicLong snapshotRecordsRead = new AtomicLong();
  // Cluster members as this node's log tells them: up, and up but not answering.
  private final Set<String> members = ConcurrentHashMap.newKeySet();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

  private ChildPipeline(Process process, List<String> domains, List<Long> recoveries, Path logFile) {
    this.process = process;
    Thread reader = new Thread(() -> {
      // Per domain: its partitions assigned, and those of them recovered.
      Map<String, Set<String>> assigned = new HashMap<>();
      Map<String, Set<String>> recoveredPartitions = new HashMap<>();
      domains.forEach(domain -> {
        assigned.put(domain, new HashSet<>());
        recoveredPartitions.put(domain, new HashSet<>());
      });
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          Writer log = Files.newBufferedWriter(logFile)) {
        String line;
        while ((line = lines.readLine()) != null) {
          log.write(line + "\n");
          log.flush();
          lastLines.addLast(line);
          if (lastLines.size() > 40) {
            lastLines.pollFirst();
          }
          Matcher member = MEMBER.matcher(line);
          if (member.find()) {
            switch (member.group(2)) {
              case "is up" -> members.add(member.group(1));
              case "was removed" -> {
                members.remove(member.group(1));
                unreachable.remove(member.group(1));
              }
              case "does not answer" -> unreachable.add(member.group(1));
              default -> unreachable.remove(member.group(1));
            }
          }
          Matcher assignment = ASSIGNMENT.matcher(line);
          if (assignment.find() && assigned.containsKey(assignment.group(1))) {
            String domain = assignment.group(1);
            List<String> partitions = List.of(assignment.group(2).split(", "));
            if (assignment.group(3).equals("assigned")) {
              assigned.get(domain).addAll(partitions);
              recoveredPartitions.get(domain).removeAll(partitions);
            } else {
              assigned.get(domain).removeAll(partitions);
            }
          }
          Matcher partition = RECOVERED_PARTITION.matcher(line);
          boolean recoveredLine = partition.find() && assigned.containsKey(partition.group(1));
          Matcher recovery = RECOVERED.matcher(line);
          if (recoveredLine && recovery.find()) {
            replayed.addAndGet(Long.parseLong(recovery.group(1)));
            Matcher read = SNAPSHOTS_READ.matcher(line);
            if (read.find()) {
              snapshotRecordsRead.addAndGet(Long.parseLong(read.group(1)));
            }
            if (line.contains("from its checkpoint")) {
              checkpointRecoveries.incrementAndGet();
            }
            recoveryMillis.accumulateAndGet(Long.parseLong(recovery.group(2)), Math::max);
          }
          if (recoveredLine) {
            recoveredPartitions.get(partition.group(1)).add(partition.group(2));
          }
          if (recoveredLine && recovered.getCount() > 0 && domains.stream().allMatch(domain -> !assigned.get(domain).isEmpty()
              && recoveredPartitions.get(domain).containsAll(assigned.get(domain)))) {
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

  /**
   * Starts {@code serve} with {@code config}, which runs {@code domains}; its output goes to
   * {@code serve-<n>.log} beside the config.
   */
  static ChildPipeline start(String bootstrap, Path config, List<String> domains, List<Long> recoveries)
      throws IOException {
    return start(bootstrap, config, domains, recoveries, List.of());
  }

  /** As above, with more JVM options (e.g. a class data sharing archive). */
  static ChildPipeline start(String bootstrap, Path config, List<String> domains, List<Long> recoveries,
      List<String> jvmOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-Xmx1g",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn.schemas",
        // The runtime's own logging (INFO: the recovery lines read above), not the test classpath's.
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"),
        "io.streamlearn.ops.Main", "serve", "--bootstrap", bootstrap, "--config", config.toString()));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    Path logFile = config.toAbsolutePath().getParent().resolve("serve-" + STARTS.incrementAndGet() + ".log");
    return new ChildPipeline(process, domains, recoveries, logFile);
  }

  void awaitRecovered(Duration timeout) throws InterruptedException {
    if (!recovered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the pipeline did not recover its partitions within " + timeout
          + "; its last output:\n" + String.join("\n", lastLines));
    }
  }

  boolean recovered() {
    return recovered.getCount() == 0;
  }

  /** Whether the run killed it (SIGKILL); a node that died otherwise exited by itself. */
  boolean killed() {
    return killed;
  }

  /** Whether it recovered its partitions and sees a cluster of {@code size} nodes, all answering. */
  boolean healthy(int size) {
    return recovered.getCount() == 0 && members.size() == size && unreachable.isEmpty();
  }

  /** What {@link #healthy} looks at, and the last lines of its output, for a failure message. */
  String describe() {
    return (recovered.getCount() == 0 ? "recovered" : "not recovered") + ", members up " + members
        + ", not answering " + unreachable + "; its last output:\n" + String.join("\n", lastLines);
  }

  /** Input records its recoveries replayed so far (all partitions). */
  long replayed() {
    return replayed.get();
  }

  /** The longest of its partitions' recoveries (they start together, at the assignment, and run side by side). */
  long recoveryMillis() {
    return recoveryMillis.get();
  }

  /** Records its recoveries read from the snapshot topic (the latest per entity, and older ones not yet compacted away). */
  long snapshotRecordsRead() {
    return snapshotRecordsRead.get();
  }

  /** Its partition recoveries that replayed from a checkpoint. */
  long checkpointRecoveries() {
    return checkpointRecoveries.get();
  }

  boolean alive() {
    return process.isAlive();
  }

  String lastLine() {
    return lastLines.isEmpty() ? "no output" : lastLines.peekLast();
  }

  void kill() throws InterruptedException {
    killed = true;
    process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no commit
    process.waitFor();
  }

  /** Sends SIGTERM without waiting for the exit. */
  void terminate() {
    process.destroy();
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
