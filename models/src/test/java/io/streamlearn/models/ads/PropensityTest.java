package io.streamlearn.models.ads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlearn.models.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every decision's propensity is the probability the policy chose its arm with; ε-mixing keeps that true. */
class PropensityTest {
  private static final ArmSet ARMS = ArmSet.vertices(3, 1.5, 1.0, 0.0);
  private static final DynLinBounds BOUNDS = new DynLinBounds(0.5, 1.0, 1.1, 0.6, 0.5, 0.01, 1e-5);
  private static final double[] GAIN = {0.56, 0.5, 0.11};

  static List<String> learners() {
    return PolicyFactory.NAMES.stream().filter(n -> !n.equals("Expert") && !n.equals("Clairvoyant")).toList();
  }

  private static BudgetPolicy policy(String name, long seed) {
    return PolicyFactory.create(name, ARMS, 10_000, seed, BOUNDS);
  }

  private static double reward(int arm, Rng noise) {
    return ARMS.dot(arm, GAIN) + 0.05 * noise.nextGaussian();
  }

  @ParameterizedTest
  @MethodSource("learners")
  void probabilitiesOfEveryDecisionSumToOneAndThePropensityIsThatOfTheChosenArm(String name) {
    for (BudgetPolicy p : List.of(policy(name, 3), new Explored(policy(name, 3), 0.2, 3))) {
      Rng noise = new Rng(9);
      for (int t = 0; t < 300; t++) {
        int arm = p.chooseArm();
        double sum = 0;
        for (int a = 0; a < ARMS.size(); a++) {
          double pa = p.probabilityOf(a);
          assertTrue(pa >= 0 && pa <= 1, name + " round " + t + " arm " + a + ": " + pa);
          sum += pa;
        }
        assertEquals(1.0, sum, 1e-12, name + " round " + t);
        assertEquals(p.probabilityOf(arm), p.propensity(), name);
        assertTrue(p.propensity() > 0, name + " round " + t + ": the chosen arm had probability 0");
        p.observe(reward(arm, noise));
      }
    }
  }

  @Test
  void dynLinUcbsRandomFirstArmHasPropensityOneOverKAndItsArgmaxChoicesOne() {
    BudgetPolicy p = policy("DynLin-UCB", 5);
    Rng noise = new Rng(1);
    List<Double> propensities = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      int arm = p.chooseArm();
      propensities.add(p.propensity());
      p.observe(reward(arm, noise));
    }
    assertEquals(1.0 / ARMS.size(), propensities.get(0), "round 0: uniform over the arms");
    assertEquals(1.0, propensities.get(1), "round 1 holds the first block's arm");
    assertTrue(propensities.subList(2, 50).stream().allMatch(v -> v == 1.0), propensities.toString());
  }

  @Test
  void exp3LogsTheProbabilityItSampledWith() {
    BudgetPolicy p = policy("Exp3", 5);
    Rng noise = new Rng(1);
    boolean belowOne = false;
    for (int t = 0; t < 100; t++) {
      int arm = p.chooseArm();
      belowOne |= p.propensity() < 1;
      p.observe(reward(arm, noise));
    }
    assertTrue(belowOne, "Exp3 samples: its propensities are below 1");
  }

  @Test
  void explorationMixesUniformlyAndLeavesThePolicyAsIfExploredRoundsDidNotHappen() {
    double epsilon = 0.25;
    Explored explored = new Explored(policy("DynLin-UCB", 11), epsilon, 11);
    BudgetPolicy alone = policy("DynLin-UCB", 11);
    Rng noise = new Rng(2);
    int k = ARMS.size();
    int exploredRounds = 0;
    int ownRounds = 0;
    for (int t = 0; t < 4000; t++) {
      int arm = explored.chooseArm();
      double r = reward(arm, noise);
      if (explored.explored()) {
        exploredRounds++;
      } else {
        // The policy's own rounds are exactly those of the policy alone fed the same rewards.
        assertEquals(alone.chooseArm(), arm, "round " + t);
        alone.observe(r);
        double own = ownRounds++ == 0 ? 1.0 / k : 1.0; // DynLin-UCB's first arm is uniform
        assertEquals((1 - epsilon) * own + epsilon / k, explored.propensity(), 1e-15, "round " + t);
      }
      explored.observe(r);
    }
    assertEquals(epsilon, exploredRounds / 4000.0, 0.02, "share of explored rounds");
  }

  @Test
  void anExploredPolicyRestoredFromItsStateContinuesBitIdentically() {
    Explored a = new Explored(policy("DynLin-UCB", 4), 0.3, 4);
    Rng noise = new Rng(3);
    for (int t = 0; t < 200; t++) {
      a.observe(reward(a.chooseArm(), noise));
    }
    int pending = a.chooseArm(); // a snapshot between a decision and its reward, as a campaign takes them
    Explored b = new Explored(policy("DynLin-UCB", 4), 0.3, 4);
    PolicySnapshot.restore(b, PolicySnapshot.of(a));
    double r = reward(pending, noise);
    a.observe(r);
    b.observe(r);
    int[] armsA = new int[200];
    int[] armsB = new int[200];
    double[] propA = new double[200];
    double[] propB = new double[200];
    for (int t = 0; t < 200; t++) {
      armsA[t] = a.chooseArm();
      armsB[t] = b.chooseArm();
      propA[t] = a.propensity();
      propB[t] = b.propensity();
      double rr = reward(armsA[t], noise);
      a.observe(rr);
      b.observe(rr);
    }
    assertArrayEquals(armsA, armsB);
    assertArrayEquals(propA, propB);
    assertArrayEquals(PolicySnapshot.of(a), PolicySnapshot.of(b));
  }

  @Test
  void epsilonOutsideZeroOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Explored(policy("LinUCB", 1), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Explored(policy("LinUCB", 1), 1.5, 1));
  }
}
