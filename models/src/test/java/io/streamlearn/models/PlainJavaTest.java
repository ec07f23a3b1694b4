package io.streamlearn.models;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The models are plain Java: deterministic given their inputs and seed, whatever runs them. */
class PlainJavaTest {

  private static final JavaClasses MODELS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.streamlearn.models");

  @Test
  void modelsUseNoFrameworkConfigurationOrLogging() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "org.apache.kafka..",
            "org.apache.avro..", "io.streamlearn.schemas..", "org.nd4j..", "com.fasterxml..", "com.typesafe..",
            "org.slf4j..")
        .because("models know no Pekko, Kafka, Avro, configuration or logging (DESIGN.md)")
        .check(MODELS);
  }

  @Test
  void modelsReadNoClockStartNoThreadAndDrawOnlyFromTheirOwnRng() {
    noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.time..", "java.util.concurrent..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().dependOnClassesThat().belongToAnyOf(java.util.Random.class, java.util.SplittableRandom.class)
        .because("models use event time from their inputs and the one seeded Rng held in their state")
        .check(MODELS);
  }
}
