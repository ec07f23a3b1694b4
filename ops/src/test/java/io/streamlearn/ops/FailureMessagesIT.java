package io.streamlearn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.streams.replay.RecordingFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a user can make at the command line ends the same way: one line on standard error
 * naming the cause and the fix, nothing on standard out, exit code 2, no stack trace, quickly.
 */
class FailureMessagesIT {

  private static final Duration JVM_LIMIT = Duration.ofSeconds(60);

  private static ChildJvm.Outcome userError(Duration within, List<String> jvmOptions, String... args) throws Exception {
    ChildJvm.Outcome o = ChildJvm.run(jvmOptions, JVM_LIMIT, args);
    String command = String.join(" ", args);
    assertEquals(2, o.exitCode(), command + ": exit code; stderr " + o.stderr());
    assertEquals(1, o.errorLines().size(), command + ": one line on stderr, got " + o.stderr());
    assertTrue(o.errorLines().get(0).startsWith("error: "), o.errorLines().get(0));
    assertTrue(o.stdout().stream().allMatch(String::isBlank), command + ": nothing on stdout, got " + o.stdout());
    assertTrue(o.took().compareTo(within) < 0, command + " took " + o.took() + ", over " + within);
    return o;
  }

  private static void contains(ChildJvm.Outcome o, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(o.errorLines().get(0).contains(fragment), "'" + fragment + "' in: " + o.errorLines().get(0));
    }
  }

  @Test
  void anUnreachableClusterIsNamedWithinTheConnectDeadline() throws Exception {
    // The default deadline (10 s), plus a JVM start on a loaded machine.
    contains(userError(Duration.ofSeconds(25), List.of(), "serve", "--bootstrap", "127.0.0.1:1"),
        "127.0.0.1:1", "within 10 s", "--bootstrap");
    contains(userError(Duration.ofSeconds(15), List.of("-Dstreamlearn.kafka.connect-deadline=2s"),
        "record", "--bootstrap", "127.0.0.1:1", "--topics", "ads.decisions", "--out", "/tmp/never.avro"),
        "127.0.0.1:1", "within 2 s");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKeyTheTypesAndTheFile(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "streamlearn.kafka.partitions = \"three\"\n");
    contains(userError(Duration.ofSeconds(15), List.of(), "serve", "--config", conf.toString()),
        "streamlearn.kafka.partitions", "STRING", "NUMBER", conf.toString());
    contains(userError(Duration.ofSeconds(15), List.of("-Dstreamlearn.eeg.adaptation=soon"), "serve"),
        "streamlearn.eeg.adaptation");
  }

  @Test
  void aFileThatIsNotARecordingOrIsCutShortIsNamed(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("notes.avro");
    Files.writeString(text, "not a recording\n");
    contains(userError(Duration.ofSeconds(15), List.of(), "replay", "--in", text.toString(), "--out",
        dir.resolve("out.avro").toString()), text.toString(), "not an Avro container file");

    Path whole = dir.resolve("whole.avro");
    try (RecordingFile file = RecordingFile.create(whole)) {
      byte[] value = new byte[512];
      Arrays.fill(value, (byte) 7);
      for (int i = 0; i < 20_000; i++) {
        file.append(new ConsumerRecord<>("ads.impressions", 0, i, 1_767_225_600_000L + i,
            TimestampType.CREATE_TIME, -1, value.length, ("k" + i).getBytes(), value, new RecordHeaders(), Optional.empty()));
      }
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.avro");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    contains(userError(Duration.ofSeconds(15), List.of(), "replay", "--in", cut.toString(), "--out",
        dir.resolve("out2.avro").toString()), cut.toString(), "truncated or corrupt after record");
  }

  @Test
  void aPortInUseNamesThePortAndTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      contains(userError(Duration.ofSeconds(15), List.of(), "serve", "--http-port", port), port, "--http-port");
      contains(userError(Duration.ofSeconds(15), List.of(), "broker", "--port", port), port, "--port");
    }
  }

  @Test
  void aMissingOrMalformedAddressSaysWhatToPass() throws Exception {
    contains(userError(Duration.ofSeconds(15), List.of(), "simulate", "ads"), "--bootstrap");
    contains(userError(Duration.ofSeconds(15), List.of(), "serve", "--bootstrap", "no-port-here"), "host:port");
    contains(userError(Duration.ofSeconds(15), List.of(), "demo", "--rounds", "many"), "--rounds");
    contains(userError(Duration.ofSeconds(15), List.of(), "bench", "e2e"), "streamlearn-bench.jar");
  }

  @Test
  void withVerboseTheStackTraceFollows() throws IOException, InterruptedException {
    ChildJvm.Outcome o = ChildJvm.run(List.of("-Dstreamlearn.kafka.connect-deadline=1s"), JVM_LIMIT,
        "serve", "--bootstrap", "127.0.0.1:1", "--verbose");
    assertEquals(2, o.exitCode());
    assertTrue(o.errorLines().size() > 1 && o.stderr().stream().anyMatch(l -> l.startsWith("\tat ")), o.stderr().toString());
  }
}
