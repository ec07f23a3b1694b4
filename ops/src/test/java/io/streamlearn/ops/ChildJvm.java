package io.streamlearn.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A streamlearn command run as a user runs it: its own JVM, stdout and stderr apart, timed. */
final class ChildJvm {

  record Outcome(int exitCode, List<String> stdout, List<String> stderr, Duration took) {
    /** The non-blank lines of standard error. */
    List<String> errorLines() {
      return stderr.stream().filter(l -> !l.isBlank()).toList();
    }
  }

  private ChildJvm() {}

  /** Runs {@code io.streamlearn.ops.Main} with {@code jvmOptions} and {@code args}; kills it after {@code limit}. */
  static Outcome run(List<String> jvmOptions, Duration limit, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("streamlearn-child-", ".out");
    Path err = Files.createTempFile("streamlearn-child-", ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // The runtime's own logging (the test classpath would pick logback-test.xml): what a user sees.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.streamlearn.ops.Main");
    command.addAll(List.of(args));
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Outcome outcome = new Outcome(process.isAlive() ? -1 : process.exitValue(),
        Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8), took);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return outcome;
  }
}
