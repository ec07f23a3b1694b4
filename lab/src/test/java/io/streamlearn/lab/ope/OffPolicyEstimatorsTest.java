package io.streamlearn.lab.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.ops.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffPolicyEstimatorsTest {

  @Test
  void theSnipsIntervalCoversTheTrueValueInAtLeast90Of100SeededLogs() {
    SyntheticLogs problem = SyntheticLogs.DEFAULT;
    double truth = problem.trueValue();
    int covered = 0;
    double ipsSum = 0;
    double drSum = 0;
    for (int seed = 1; seed <= 100; seed++) {
      OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(problem.log(500, seed),
          OffPolicyEstimators.of(problem.targetTable()), 200, 1000 + seed);
      if (e.ciLow() <= truth && truth <= e.ciHigh()) {
        covered++;
      }
      ipsSum += e.ips();
      drSum += e.dr();
      assertTrue(e.ess() > 0 && e.ess() < 500, "ESS " + e.ess());
    }
    assertTrue(covered >= 90, covered + " of 100 intervals cover " + truth);
    // Unbiased on independent rounds: the mean over 100 logs is within a few standard errors.
    assertEquals(truth, ipsSum / 100, 0.01, "IPS");
    assertEquals(truth, drSum / 100, 0.01, "DR");
  }

  @Test
  void aTargetEqualToTheLoggerHasWeightsOneAndFullSampleSize() {
    SyntheticLogs same = new SyntheticLogs(new double[] {0.2, 0.7}, new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
    OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(same.log(300, 3), OffPolicyEstimators.of(same.targetTable()),
        100, 1);
    assertEquals(300, e.ess(), 1e-9);
    assertEquals(e.ips(), e.snips(), 1e-12);
  }

  @Test
  void obpCsvWithAnIndexColumnAndTheActionRewardAliasesIsRead(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("log.csv");
    Files.writeString(log, ",timestamp,action,position,reward,propensity_score,user_feature_0\n"
        + "0,2019-11-24 00:00:00,3,1,1,0.25,\"a,b\"\n1,2019-11-24 00:00:01,0,,0,0.5,x\n");
    FeedbackLog read = ObpCsv.read(log);
    assertEquals(List.of("user_feature_0"), read.contextColumns());
    assertEquals(new FeedbackLog.Row("2019-11-24 00:00:00", "3", 1, 1, 0.25, List.of("a,b")), read.rows().get(0));
    assertEquals(0, read.rows().get(1).position(), "empty position = single slot");
    Path again = dir.resolve("again.csv");
    ObpCsv.write(again, read);
    assertEquals(read.rows(), ObpCsv.read(again).rows());
  }

  @Test
  void propensitiesOfZeroAboveOneOrMissingAreErrorsWithTheRowNumber(@TempDir Path dir) throws Exception {
    String header = "timestamp,item_id,position,click,propensity_score\n";
    String good = "t0,1,0,1,0.5\n";
    assertEquals(dir.resolve("a.csv") + " row 2: propensity_score 0 is not in (0, 1]: a logged action needs the positive"
        + " probability it was chosen with", message(dir, "a.csv", header + good + "t1,1,0,1,0\n"));
    assertTrue(message(dir, "b.csv", header + good + good + "t2,1,0,0,1.5\n").contains("b.csv row 3: propensity_score 1.5 is not in (0, 1]"));
    assertEquals(dir.resolve("c.csv") + " row 1: propensity_score is missing", message(dir, "c.csv", header + "t0,1,0,1,\n"));
    assertTrue(message(dir, "d.csv", "timestamp,item_id,position,click\nt0,1,0,1\n")
        .contains("d.csv: missing column 'propensity_score'"));
    assertTrue(message(dir, "e.csv", header + "t0,1,0,lots,0.5\n").contains("e.csv row 1: click 'lots' is not a number"));
  }

  @Test
  void targetProbabilitiesMustSumToOnePerPosition(@TempDir Path dir) throws Exception {
    Path pi = dir.resolve("pi.csv");
    Files.writeString(pi, "action,position,probability\n0,,0.5\n1,,0.4\n");
    UserError e = assertThrows(UserError.class, () -> TargetProbabilities.read(pi));
    assertEquals(pi + ": the probabilities of position 0 sum to 0.9, not 1", e.getMessage());
    Files.writeString(pi, "action,probability\n0,0.5\n1,0.5\n");
    assertEquals(0.5, TargetProbabilities.read(pi).probability("1", 0));
  }

  private static String message(Path dir, String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return assertThrows(UserError.class, () -> ObpCsv.read(file)).getMessage();
  }
}
