package io.streamlearn.lab.backtest;

import io.streamlearn.streams.kafka.KafkaClients;
import com.typesafe.config.Config;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.lab.ope.FeedbackLog;
import io.streamlearn.lab.ope.ObpCsv;
import io.streamlearn.ops.cli.CommonOptions;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.schemas.AdDecision;
import io.streamlearn.schemas.LoggedFeedback;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.kafka.CommittedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** ads.decisions as logged bandit feedback: OBP's CSV convention and an Avro container file. */
@Command(name = "export-feedback", mixinStandardHelpOptions = true,
    description = "Join ads.decisions (from a recording, or the topic of --bootstrap) with their rounds' outcomes into"
        + " logged bandit feedback: feedback.csv (timestamp,item_id,position,click,propensity_score,campaign,round,policy)"
        + " and feedback.avro (LoggedFeedback.avsc).")
public final class ExportFeedbackCommand implements Callable<Integer> {

  @Mixin CommonOptions options;

  @Option(names = "--in", paramLabel = "FILE", description = "A recording holding ads.decisions (else read the topic of --bootstrap).")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Config config = options.config();
    AdsSettings settings = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
    List<AdDecision> decisions = new ArrayList<>();
    String source;
    if (in != null) {
      RecordedInput input = RecordedInput.read(in, null, null);
      input.topic(AdsDomain.DECISIONS).forEach(r -> decisions.add(AdsDomain.DECISION_CODEC.decode(r.value())));
      source = in.toString();
    } else {
      if (options.bootstrap(config).isEmpty()) {
        throw new UserError("pass --in FILE (a recording with ads.decisions) or --bootstrap host:port");
      }
      KafkaClients kafka = options.requireCluster(config, "export-feedback reads ads.decisions of a running cluster");
      List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      CommittedReader.readToEnd(kafka, AdsDomain.DECISIONS, records::add);
      records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
          : Long.compare(a.offset(), b.offset()));
      records.forEach(r -> decisions.add(AdsDomain.DECISION_CODEC.decode(r.value())));
      source = AdsDomain.DECISIONS + " on " + kafka.bootstrap();
    }
    if (decisions.isEmpty()) {
      throw new UserError(source + ": no ads.decisions to export");
    }
    Map<String, AdsFeedback.CampaignLog> logs = AdsFeedback.of(decisions, settings, source);
    FeedbackLog feedback = AdsFeedback.obp(logs, source);
    Files.createDirectories(out);
    ObpCsv.write(out.resolve("feedback.csv"), feedback);
    try (DataFileWriter<LoggedFeedback> avro = new DataFileWriter<>(new SpecificDatumWriter<>(LoggedFeedback.class))) {
      avro.create(LoggedFeedback.getClassSchema(), out.resolve("feedback.avro").toFile());
      for (AdsFeedback.CampaignLog log : logs.values()) {
        for (AdsFeedback.Round r : log.rounds()) {
          avro.append(new LoggedFeedback(log.campaign(), r.round(), Instant.ofEpochMilli(r.roundStartMillis()), r.policy(),
              r.arm(), java.util.Arrays.stream(r.allocation()).boxed().toList(), r.propensity(), (double) r.conversions()));
        }
      }
    }
    System.out.println("exported " + feedback.rows().size() + " logged rounds of " + logs.size() + " campaigns from " + source
        + " into " + out.resolve("feedback.csv") + " and " + out.resolve("feedback.avro"));
    return 0;
  }
}
