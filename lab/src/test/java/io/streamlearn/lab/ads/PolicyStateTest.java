package io.streamlearn.lab.ads;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.BudgetPolicy;
import io.streamlearn.models.ads.Clairvoyant;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.Expert;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.models.Rng;
import io.streamlearn.traffic.ads.DynLinConfig;
import io.streamlearn.traffic.ads.LinearDynamicalEnvironment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Save after k rounds, restore into a fresh instance, both continue bit-identically. */
class PolicyStateTest {
  private static final long T = 1_000_000;

  static java.util.List<String> names() {
    return PolicyFactory.NAMES;
  }

  private static BudgetPolicy build(String name, DynLinConfig cfg, long seed) {
    ArmSet arms = cfg.arms();
    LinearDynamicalEnvironment env = cfg.environment(3);
    double[] fixed =
        name.equals("Expert")
            ? cfg.expertAllocation().orElseThrow()
            : name.equals("Clairvoyant") ? arms.arm(env.bestArm(arms)) : null;
    return PolicyFactory.create(name, arms, T, seed, env.trueBounds(T), fixed);
  }

  private static byte[] save(BudgetPolicy p) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      p.writeState(out);
    }
    return bos.toByteArray();
  }

  private static void load(BudgetPolicy p, byte[] state) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      p.readState(in);
      assertEquals(-1, in.read(), "state fully consumed");
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void restoredPolicyContinuesBitIdentically(String name) throws IOException {
    DynLinConfig cfg = DynLinConfig.load("realdata");
    for (int k : new int[] {0, 1, 2, 37, 1500}) {
      BudgetPolicy a = build(name, cfg, 11);
      LinearDynamicalEnvironment envA = cfg.environment(5);
      for (int t = 0; t < k; t++) {
        a.observe(envA.step(a.arms().arm(a.chooseArm())));
      }
      byte[] state = save(a);
      ByteArrayOutputStream envState = new ByteArrayOutputStream();
      envA.writeState(new DataOutputStream(envState));

      BudgetPolicy b = build(name, cfg, 999); // another seed: everything must come from the state
      load(b, state);
      LinearDynamicalEnvironment envB = cfg.environment(5);
      envB.readState(new DataInputStream(new ByteArrayInputStream(envState.toByteArray())));
      assertArrayEquals(state, save(b), "re-saved state identical");

      for (int t = 0; t < 2000; t++) {
        int armA = a.chooseArm();
        int armB = b.chooseArm();
        assertEquals(armA, armB, name + " arm at k=" + k + " t=" + t);
        assertEquals(Double.doubleToRawLongBits(a.expectedReward()), Double.doubleToRawLongBits(b.expectedReward()));
        assertEquals(Double.doubleToRawLongBits(a.confidenceWidth()), Double.doubleToRawLongBits(b.confidenceWidth()));
        assertEquals(a.block(), b.block());
        assertEquals(a.newAction(), b.newAction());
        double ra = envA.step(a.arms().arm(armA));
        double rb = envB.step(b.arms().arm(armB));
        assertEquals(Double.doubleToRawLongBits(ra), Double.doubleToRawLongBits(rb));
        a.observe(ra);
        b.observe(rb);
      }
      assertArrayEquals(save(a), save(b));
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void strictAlternationAndBadRewards(String name) {
    BudgetPolicy p = build(name, DynLinConfig.load("realdata"), 1);
    assertThrows(IllegalStateException.class, () -> p.observe(1.0));
    p.chooseArm();
    assertThrows(IllegalStateException.class, p::chooseArm);
    assertThrows(IllegalArgumentException.class, () -> p.observe(Double.NaN));
    p.observe(0.25);
    assertEquals(name, p.name());
  }

  @ParameterizedTest
  @MethodSource("names")
  void roundTripWithSixteenPlatforms(String name) throws IOException {
    ArmSet arms = ArmSet.vertices(16, 1.5, 1, 0);
    DynLinBounds bounds = new DynLinBounds(0.5, 2, 1, 0.5, 0.5, 0.01, 1e-6);
    double[] fixed = arms.arm(17);
    BudgetPolicy a = PolicyFactory.create(name, arms, 1_000_000, 5, bounds, fixed);
    Rng rewards = new Rng(9);
    for (int t = 0; t < 300; t++) {
      a.chooseArm();
      a.observe(rewards.nextDouble());
    }
    BudgetPolicy b = PolicyFactory.create(name, arms, 1_000_000, 6, bounds, fixed);
    load(b, save(a));
    for (int t = 0; t < 300; t++) {
      assertEquals(a.chooseArm(), b.chooseArm());
      assertEquals(Double.doubleToRawLongBits(a.confidenceWidth()), Double.doubleToRawLongBits(b.confidenceWidth()));
      double r = rewards.nextDouble();
      a.observe(r);
      b.observe(r);
    }
    assertArrayEquals(save(a), save(b));
  }

  @Test
  void stateOfAnotherPolicyIsRejected() throws IOException {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    byte[] s = save(build("LinUCB", cfg, 1));
    IOException e = assertThrows(IOException.class, () -> load(build("DynLin-UCB", cfg, 1), s));
    assertTrue(e.getMessage().contains("LinUCB"));
  }

  @Test
  void sameSeedSameRunDifferentSeedMayDiffer() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    int[] first = new int[20];
    for (int s = 0; s < 20; s++) {
      first[s] = build("DynLin-UCB", cfg, s).chooseArm();
    }
    for (int s = 0; s < 20; s++) {
      assertEquals(first[s], build("DynLin-UCB", cfg, s).chooseArm());
    }
    assertTrue(java.util.Arrays.stream(first).distinct().count() > 1, "first arm depends on the seed");
  }
}
