package io.streamlearn.bench.chaos;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.ops.DomainCatalog;
import io.streamlearn.ops.Node;
import io.streamlearn.streams.kafka.TopicAdmin;
import io.streamlearn.traffic.capture.TopicRecorder;
import io.streamlearn.traffic.ads.MalformedAds;
import io.streamlearn.schemas.AdImpression;
import io.streamlearn.schemas.AdOutcome;
import io.streamlearn.streams.kafka.CommittedReader;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.PipelineMetrics;
import io.streamlearn.streams.PipelineSettings;
import io.streamlearn.streams.replay.RecordingFile;
import io.streamlearn.streams.replay.Replay;
import io.streamlearn.streams.ads.AdsDomain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import io.streamlearn.models.Rng;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The proof of exactly-once, as Kafka Streams and Flink prove theirs: the pipeline runs as a child
 * JVM ({@code serve}) while a driver produces a fixed, seeded stream (valid ads traffic for many
 * campaigns, malformed records mixed in) and kills the child with SIGKILL at seeded random moments,
 * restarting it each time. At the end, the committed outputs (decisions and dead letters, read with
 * read_committed) must equal, byte for byte and in order, those of an uninterrupted run of the same
 * input (a replay of the recorded input topics through the same code path): decisions per key,
 * dead letters per source partition.
 */
public final class ChaosRun {

  /**
   * What a run measured.
   *
   * @param stopExitCode exit code of the final SIGTERM (0: drained, committed, snapshots written)
   * @param stopMillis SIGTERM to exit
   * @param entities entities that applied at least one record
   * @param snapshotsBehind entities whose latest snapshot after the final stop misses one of their
   *     records (0: every entity's final state was written)
   */
  public record Result(long records, int kills, long compared, long mismatches, long duplicates, long lost,
      List<Long> recoveryMillis, List<String> firstDifferences, int stopExitCode, long stopMillis, int entities,
      int snapshotsBehind) {

    public long recoveryMedian() {
      long[] sorted = recoveryMillis.stream().mapToLong(Long::longValue).sorted().toArray();
      return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
    }

    public long recoveryMax() {
      return recoveryMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public boolean exact() {
      return mismatches == 0 && duplicates == 0 && lost == 0;
    }

    public boolean stoppedGracefully() {
      return stopExitCode == 0 && snapshotsBehind == 0;
    }
  }

  private final Config config;
  private final String bootstrap;
  private final long records;
  private final int kills;
  private final int campaigns;
  private final long seed;
  private final Path workDir;
  private final Consumer<String> progress;
  private int stopExitCode = -1;
  private long stopMillis = -1;

  public ChaosRun(Config config, String bootstrap, long records, int kills, int campaigns, long seed, Path workDir,
      Consumer<String> progress) {
    this.config = config;
    this.bootstrap = bootstrap;
    this.records = records;
    this.kills = kills;
    this.campaigns = campaigns;
    this.seed = seed;
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run() throws Exception {
    Files.createDirectories(workDir);
    Domain<?, ?> ads = DomainCatalog.create("ads", config);
    TopicAdmin.ensureTopics(bootstrap, List.of(AdsDomain.IMPRESSIONS, AdsDomain.OUTCOMES, AdsDomain.DECISIONS, ads.deadLetterTopic()),
        config.getConfig("streamlearn.kafka"), false);
    TopicAdmin.ensureTopics(bootstrap, List.of(ads.snapshotTopic()), config.getConfig("streamlearn.kafka"), true);
    Path childConfig = workDir.resolve("child.conf");
    Files.writeString(childConfig, "streamlearn.domains = [ads]\nstreamlearn.metrics.port = 0\n");

    Rng random = new Rng(seed);
    List<Long> recoveries = new CopyOnWriteArrayList<>();
    Thread producer = new Thread(() -> produce(AdsSettings.fromConfig(config.getConfig("streamlearn.ads"))), "chaos-producer");
    producer.setDaemon(true);
    int partitions = config.getInt("streamlearn.kafka.partitions");
    Child child = Child.start(bootstrap, childConfig, partitions, recoveries);
    try {
      producer.start();
      for (int kill = 1; kill <= kills; kill++) {
        child.awaitRecovered(Duration.ofSeconds(120));
        Thread.sleep(1000 + random.nextInt(4000));
        child.kill();
        progress.accept("kill " + kill + "/" + kills + " after " + committed(ads) + " committed input records");
        child = Child.start(bootstrap, childConfig, partitions, recoveries);
      }
      producer.join();
      child = awaitAllCommitted(ads, child, childConfig, partitions, recoveries, Duration.ofMinutes(10));
      // The graceful stop under test is of a serving pipeline, not of a JVM still starting up.
      child.awaitRecovered(Duration.ofSeconds(120));
      long stopping = System.nanoTime();
      stopExitCode = child.stop();
      stopMillis = (System.nanoTime() - stopping) / 1_000_000;
    } finally {
      child.kill(); // a failed run must not leave a pipeline behind
    }
    progress.accept("all " + records + " input records committed; SIGTERM exit code " + stopExitCode + " after "
        + stopMillis + " ms; comparing with an uninterrupted replay");
    return compare(ads, recoveries);
  }

  /**
   * Entities whose latest snapshot does not include their last valid input record, and how many
   * entities there are: after a graceful stop, every entity's final state must be in the topic.
   */
  private int[] snapshotsBehind(Domain<?, ?> domain) throws Exception {
    Map<String, Map<String, Long>> lastApplied = new HashMap<>();
    for (String topic : domain.inputTopics()) {
      CommittedReader.readToEnd(bootstrap, topic, r -> {
        if (domain.decode(r) instanceof io.streamlearn.streams.Decoded.Valid<?> valid) {
          lastApplied.computeIfAbsent(valid.entityId(), k -> new HashMap<>()).put(r.topic() + "/" + r.partition(), r.offset() + 1);
        }
      });
    }
    Map<String, Map<String, Long>> snapshotted = new HashMap<>();
    CommittedReader.readToEnd(bootstrap, domain.snapshotTopic(), r -> snapshotted.put(keyOf(r.key()),
        io.streamlearn.streams.Snapshots.CODEC.decode(r.value()).getSourceOffsets()));
    int behind = 0;
    for (var entity : lastApplied.entrySet()) {
      Map<String, Long> snapshot = snapshotted.getOrDefault(entity.getKey(), Map.of());
      for (var next : entity.getValue().entrySet()) {
        if (!next.getValue().equals(snapshot.get(next.getKey()))) {
          behind++;
          break;
        }
      }
    }
    return new int[] {behind, lastApplied.size()};
  }

  /** The fixed stream: per campaign, impressions and outcomes every 10 minutes of event time; some bad records. */
  private void produce(AdsSettings settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    Rng random = new Rng(seed ^ 0x5DEECE66DL);
    int platforms = settings.platforms().size();
    long chunk = Math.max(1, records / 40);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      long sent = 0;
      long step = 0;
      while (sent < records) {
        long time = settings.epochMillis() + step * 600_000L;
        for (int c = 0; c < campaigns && sent < records; c++, sent += 2) {
          String id = "chaos-" + c;
          byte[] key = id.getBytes(StandardCharsets.UTF_8);
          List<Double> spend = new ArrayList<>();
          List<Long> served = new ArrayList<>();
          for (int k = 0; k < platforms; k++) {
            spend.add(Math.floor(random.nextDouble() * 5000) / 100);
            served.add((long) random.nextInt(1000));
          }
          producer.send(new ProducerRecord<>(AdsDomain.IMPRESSIONS, null, time, key,
              AdsDomain.IMPRESSION_CODEC.encode(new AdImpression(id, Instant.ofEpochMilli(time), spend, served))));
          producer.send(new ProducerRecord<>(AdsDomain.OUTCOMES, null, time, key,
              AdsDomain.OUTCOME_CODEC.encode(new AdOutcome(id, Instant.ofEpochMilli(time), (long) random.nextInt(40), 0.0))));
          if (random.nextInt(500) == 0) {
            List<MalformedAds.Sample> bad = MalformedAds.samples(id, time, platforms);
            MalformedAds.Sample sample = bad.get(random.nextInt(bad.size()));
            producer.send(new ProducerRecord<>(sample.topic(), sample.key(), sample.value()));
            sent++;
          }
          if (sent % chunk < 2) {
            producer.flush();
            sleepQuietly(250);
          }
        }
        step++;
      }
    }
  }

  private long committed(Domain<?, ?> domain) throws Exception {
    return groupOffsets(domain).values().stream().mapToLong(Long::longValue).sum();
  }

  private Map<TopicPartition, Long> groupOffsets(Domain<?, ?> domain) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin
          .listConsumerGroupOffsets(PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")).groupId(domain))
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((tp, o) -> result.put(tp, o.offset()));
      return result;
    }
  }

  /** Waits until the group committed every input record, restarting the child if it died on its own. */
  private Child awaitAllCommitted(Domain<?, ?> domain, Child child, Path childConfig, int partitions, List<Long> recoveries,
      Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, Long> end = endOffsets(domain.inputTopics());
      Map<TopicPartition, Long> committed = groupOffsets(domain);
      if (end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        return child;
      }
      if (!child.alive()) {
        progress.accept("the pipeline exited by itself (" + child.lastLine() + "); restarting it");
        child = Child.start(bootstrap, childConfig, partitions, recoveries);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the pipeline did not commit all input within " + timeout);
  }

  private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (var description : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  private Result compare(Domain<?, ?> ads, List<Long> recoveries) throws Exception {
    Path input = workDir.resolve("input.avro");
    TopicRecorder.record(bootstrap, ads.inputTopics(), input);
    Path expectedFile = workDir.resolve("expected.avro");
    ActorSystem<Void> system = Node.newActorSystem("chaos-reference", config);
    Map<String, List<byte[]>> expected = new HashMap<>();
    try {
      Replay.toFile(system, ads, input, expectedFile, PipelineSettings.fromConfig(config.getConfig("streamlearn.pipeline")),
          new PipelineMetrics(new SimpleMeterRegistry(), ads.name())).toCompletableFuture().get(10, TimeUnit.MINUTES);
      RecordingFile.source(expectedFile).runForeach(r -> {
        if (!r.topic().equals(ads.snapshotTopic())) {
          expected.computeIfAbsent(orderKey(ads, r.topic(), r.key(), r.value()), k -> new ArrayList<>()).add(r.value());
        }
      }, system).toCompletableFuture().get(5, TimeUnit.MINUTES);
    } finally {
      system.terminate();
    }
    Map<String, List<byte[]>> actual = new HashMap<>();
    List<String> outputs = new ArrayList<>(ads.outputTopics());
    outputs.add(ads.deadLetterTopic());
    for (String topic : outputs) {
      CommittedReader.readToEnd(bootstrap, topic, r -> actual.computeIfAbsent(orderKey(ads, topic, r.key(), r.value()), k -> new ArrayList<>()).add(r.value()));
    }
    List<String> differences = new ArrayList<>();
    long compared = 0;
    long mismatches = 0;
    long duplicates = 0;
    long lost = 0;
    java.util.Set<String> keys = new java.util.HashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      List<byte[]> want = expected.getOrDefault(key, List.of());
      List<byte[]> got = actual.getOrDefault(key, List.of());
      compared += want.size();
      for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
        if (!Arrays.equals(want.get(i), got.get(i))) {
          mismatches++;
          if (differences.size() < 5) {
            differences.add(key + " #" + i + ": expected " + describe(key, want.get(i)) + " but committed " + describe(key, got.get(i)));
          }
        }
      }
      duplicates += Math.max(0, got.size() - want.size());
      lost += Math.max(0, want.size() - got.size());
    }
    int[] behind = snapshotsBehind(ads);
    return new Result(records, kills, compared, mismatches, duplicates, lost, List.copyOf(recoveries), differences,
        stopExitCode, stopMillis, behind[1], behind[0]);
  }

  /**
   * The sequence an output belongs to, within which its order is guaranteed: decisions per key;
   * dead letters per source partition (they keep its offset order; how a key's two input topics
   * interleave differs from run to run, and only decisions are made independent of it).
   */
  private static String orderKey(Domain<?, ?> domain, String topic, byte[] key, byte[] value) {
    if (!topic.equals(domain.deadLetterTopic())) {
      return topic + "|" + keyOf(key);
    }
    var letter = io.streamlearn.streams.DeadLetters.CODEC.decode(value);
    return topic + "|" + letter.getSourceTopic() + "/" + letter.getSourcePartition();
  }

  private static String describe(String key, byte[] value) {
    try {
      return key.startsWith(AdsDomain.DECISIONS + "|")
          ? AdsDomain.DECISION_CODEC.decode(value).toString()
          : io.streamlearn.streams.DeadLetters.CODEC.decode(value).toString();
    } catch (RuntimeException e) {
      return value.length + " bytes";
    }
  }

  private static String keyOf(byte[] key) {
    return key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pipeline in a child JVM: {@code serve} with the same classpath. */
  private static final class Child {
    private final Process process;
    private final long launched = System.nanoTime();
    private final java.util.concurrent.CountDownLatch recovered = new java.util.concurrent.CountDownLatch(1);
    private final java.util.Deque<String> lastLines = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private Child(Process process, int partitions, List<Long> recoveries) {
      this.process = process;
      Thread reader = new Thread(() -> {
        java.util.Set<String> recoveredPartitions = new java.util.HashSet<>();
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

    static Child start(String bootstrap, Path config, int partitions, List<Long> recoveries) throws IOException {
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g",
          "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn.schemas",
          "-cp", System.getProperty("java.class.path"),
          "io.streamlearn.ops.Main", "serve", "--bootstrap", bootstrap, "--config", config.toString());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .start();
      return new Child(process, partitions, recoveries);
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
}
