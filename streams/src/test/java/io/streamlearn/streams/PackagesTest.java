package io.streamlearn.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The streams module's packages depend in one direction: the contract (a domain, the one flow)
 * knows neither the Kafka machinery nor replay nor any domain, so a new domain or a new source
 * is added without touching it.
 */
class PackagesTest {

  private static final JavaClasses STREAMS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.streamlearn.streams");

  @Test
  void theContractKnowsNoSourceAndNoDomain() {
    noClasses().that().resideInAPackage("io.streamlearn.streams")
        .should().dependOnClassesThat().resideInAnyPackage("io.streamlearn.streams.kafka..",
            "io.streamlearn.streams.replay..", "io.streamlearn.streams.ads..", "io.streamlearn.streams.eeg..",
            "io.streamlearn.streams.chat..")
        .check(STREAMS);
  }

  @Test
  void domainsKnowOnlyTheContract() {
    noClasses().that().resideInAnyPackage("io.streamlearn.streams.ads..", "io.streamlearn.streams.eeg..",
            "io.streamlearn.streams.chat..")
        .should().dependOnClassesThat().resideInAnyPackage("io.streamlearn.streams.kafka..",
            "io.streamlearn.streams.replay..", "org.apache.pekko..")
        .check(STREAMS);
  }

  @Test
  void replayAndTheKafkaPipelineDoNotKnowEachOther() {
    noClasses().that().resideInAPackage("io.streamlearn.streams.replay..")
        .should().dependOnClassesThat().resideInAPackage("io.streamlearn.streams.kafka..")
        .check(STREAMS);
    noClasses().that().resideInAPackage("io.streamlearn.streams.kafka..")
        .should().dependOnClassesThat().resideInAPackage("io.streamlearn.streams.replay..")
        .check(STREAMS);
  }
}
