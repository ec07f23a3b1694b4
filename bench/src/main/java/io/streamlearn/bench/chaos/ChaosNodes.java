package io.streamlearn.bench.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code serve} nodes of a chaos run, as child JVMs: one, a cluster of itself, or several in
 * one Pekko cluster (fixed cluster ports on loopback, every node seeding from the same list), each
 * with its own node id, so a node restarted in its slot fences its predecessor and takes back its
 * partitions.
 */
final class ChaosNodes {

  private final String bootstrap;
  private final List<Path> configs = new ArrayList<>();
  private final ChildPipeline[] running;
  private final List<String> domains;
  private final List<Long> recoveries;
  private final List<ChildPipeline> started = new CopyOnWriteArrayList<>();
  private int selfExits;

  /**
   * @param domains the domains every node runs
   * @param settings HOCON every node gets (checkpoints, model sizes...), besides its domains
   */
  ChaosNodes(String bootstrap, Path workDir, int nodes, List<String> domains, String settings, List<Long> recoveries)
      throws IOException {
    this.bootstrap = bootstrap;
    this.domains = List.copyOf(domains);
    this.running = new ChildPipeline[nodes];
    this.recoveries = recoveries;
    List<Integer> ports = nodes == 1 ? List.of(0) : freePorts(nodes);
    String seeds = ports.stream().map(port -> "\"pekko://streamlearn@127.0.0.1:" + port + "\"")
        .collect(Collectors.joining(", "));
    for (int i = 0; i < nodes; i++) {
      Path dir = Files.createDirectories(workDir.resolve("node-" + (i + 1)));
      String cluster = nodes == 1 ? "" : "streamlearn.pipeline.node-id = node-" + (i + 1) + "\n"
          + "pekko.remote.artery.canonical.port = " + ports.get(i) + "\n"
          + "pekko.cluster.seed-nodes = [" + seeds + "]\n";
      configs.add(Files.writeString(dir.resolve("child.conf"),
          "streamlearn.domains = [" + String.join(", ", domains) + "]\n" + settings + cluster));
    }
  }

  int size() {
    return running.length;
  }

  /** Starts the node of slot {@code i} (which must not be running). */
  ChildPipeline start(int i) throws IOException {
    ChildPipeline child = ChildPipeline.start(bootstrap, configs.get(i), domains, recoveries);
    running[i] = child;
    started.add(child);
    return child;
  }

  /** The node of slot {@code i}, or null if it was never started or has been stopped. */
  ChildPipeline node(int i) {
    return running[i];
  }

  /** Slots with a node started and not stopped (a killed one counts until it is restarted). */
  List<Integer> occupied() {
    return IntStream.range(0, running.length).filter(i -> running[i] != null).boxed().toList();
  }

  void kill(int i) throws InterruptedException {
    running[i].kill();
  }

  /** SIGTERM to the node of slot {@code i}; returns its exit code; the slot is empty afterwards. */
  int stop(int i) throws InterruptedException {
    int exit = running[i].stop();
    running[i] = null;
    return exit;
  }

  /** SIGTERM to every node at once; returns the exit codes (each slot is empty afterwards). */
  List<Integer> stopAll() throws InterruptedException {
    List<Integer> slots = occupied();
    slots.forEach(i -> running[i].terminate());
    List<Integer> exits = new ArrayList<>();
    for (int i : slots) {
      exits.add(stop(i));
    }
    return exits;
  }

  void awaitRecovered(int i, Duration timeout) throws InterruptedException {
    running[i].awaitRecovered(timeout);
  }

  /**
   * Waits until every running node recovered its partitions and sees all running nodes up and
   * answering: the state in which the cluster survives losing one more (a single node: recovered).
   * A node that exits by itself meanwhile is restarted, as a supervisor would, and counted.
   */
  void awaitHealthy(Duration timeout, Consumer<String> progress) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> slots = occupied();
    while (true) {
      restartExited(progress);
      if (slots.stream().allMatch(i -> running.length == 1 ? running[i].recovered() : running[i].healthy(slots.size()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster of nodes " + slots.stream().map(i -> i + 1).toList()
            + " did not become whole within " + timeout + ":\n" + slots.stream()
                .map(i -> "node " + (i + 1) + ": " + running[i].describe()).collect(Collectors.joining("\n")));
      }
      Thread.sleep(200);
    }
  }

  /** Restarts every node that exited by itself (not killed or stopped by the run); counts them. */
  void restartExited(Consumer<String> progress) throws IOException {
    for (int i : occupied()) {
      if (!running[i].alive() && !running[i].killed()) {
        progress.accept("node " + (i + 1) + " exited by itself (" + running[i].lastLine() + "); restarting it");
        selfExits++;
        start(i);
      }
    }
  }

  /** Nodes that exited by themselves during the run (each restarted). */
  int selfExits() {
    return selfExits;
  }

  /** Kills whatever runs: a failed run must not leave nodes behind. */
  void killAll() throws InterruptedException {
    for (int i : occupied()) {
      running[i].kill();
    }
  }

  long checkpointRecoveries() {
    return started.stream().mapToLong(ChildPipeline::checkpointRecoveries).sum();
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
