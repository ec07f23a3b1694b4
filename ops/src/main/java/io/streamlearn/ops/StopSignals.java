package io.streamlearn.ops;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C as a future, for the commands that run until stopped. Handled here, not by a
 * JVM shutdown hook: a hook cannot change the exit code (143), and the JVM would not wait for the
 * drain's deadline. Installed first, so a signal during start-up stops cleanly once things are up.
 */
final class StopSignals {

  private StopSignals() {}

  /** Completes with the signal's name ("SIGTERM", "SIGINT") when one arrives. */
  static CompletableFuture<String> install() {
    CompletableFuture<String> stop = new CompletableFuture<>();
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> stop.complete("SIG" + name));
    }
    return stop;
  }
}
