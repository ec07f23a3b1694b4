package io.streamlearn.traffic.ads;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.Clairvoyant;
import io.streamlearn.models.ads.DynLinBounds;
import io.streamlearn.models.ads.Expert;
import io.streamlearn.models.ads.PolicyFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndEnvironmentTest {
  @Test
  void builtInConfigsLoad() {
    for (String n : DynLinConfig.BUILT_IN) {
      DynLinConfig c = DynLinConfig.load(n);
      assertEquals(n, c.name());
      assertEquals(3, c.p());
      assertEquals(1_000_000, c.horizon());
      assertEquals(10, c.trials());
      assertEquals(6, c.arms().size());
    }
    assertEquals(0.1, DynLinConfig.load("synt_sigma0dot1").noiseSigma(), 0);
    assertEquals(0.001, DynLinConfig.load("testcase_synt_sigma0dot001.json").noiseSigma(), 0);
    assertTrue(DynLinConfig.load("synt_sigma0dot01").expertAllocation().isEmpty());
    assertTrue(DynLinConfig.load("realdata").expertAllocation().isPresent());
  }

  @Test
  void unknownConfigListsValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DynLinConfig.load("no_such_config"));
    assertTrue(e.getMessage().contains("realdata"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void configFromFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("mine.json");
    try (var in = DynLinConfig.class.getResourceAsStream("/dynlin/testcase_realdata.json")) {
      Files.copy(in, f);
    }
    DynLinConfig c = DynLinConfig.load(f.toString());
    assertEquals("mine", c.name());
    assertEquals(0.38, c.a()[0][0], 0);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"n\": 3}");
    assertThrows(IllegalArgumentException.class, () -> DynLinConfig.load(bad.toString()));
  }

  @Test
  void unknownPolicyListsValidNames() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot01");
    DynLinBounds b = cfg.environment(0).trueBounds(1000);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PolicyFactory.create("UCB2", cfg.arms(), 1000, 1, b));
    assertTrue(e.getMessage().contains("DynLin-UCB-lnT") && e.getMessage().contains("Clairvoyant"));
    assertThrows(
        IllegalArgumentException.class, () -> PolicyFactory.create("Expert", cfg.arms(), 1000, 1, b));
    assertEquals("D-LinUCB", PolicyFactory.create("d-linucb", cfg.arms(), 1000, 1, b).name());
  }

  @Test
  void commonRandomNumbers() {
    DynLinConfig cfg = DynLinConfig.load("synt_sigma0dot1");
    LinearDynamicalEnvironment e1 = cfg.environment(17);
    LinearDynamicalEnvironment e2 = cfg.environment(17);
    LinearDynamicalEnvironment zero = new LinearDynamicalEnvironment(
        cfg.a(), cfg.b(), cfg.c(), cfg.d(), cfg.noiseSigma(), 17);
    ArmSet arms = cfg.arms();
    // different actions, same noise: the reward difference is the deterministic part only
    double[] u = arms.arm(0);
    double[] v = arms.arm(5);
    LinearDynamicalEnvironment noiseless = new LinearDynamicalEnvironment(
        cfg.a(), cfg.b(), cfg.c(), cfg.d(), 0, 17);
    LinearDynamicalEnvironment noiselessV = new LinearDynamicalEnvironment(
        cfg.a(), cfg.b(), cfg.c(), cfg.d(), 0, 17);
    double sumSq = 0;
    for (int t = 0; t < 1000; t++) {
      double r1 = e1.step(u);
      double r2 = e2.step(v);
      double n1 = noiseless.step(u);
      double n2 = noiselessV.step(v);
      // the noise enters linearly, the same for both (up to rounding)
      assertEquals(r1 - n1, r2 - n2, 1e-9);
      sumSq += (r1 - n1) * (r1 - n1);
      zero.step(u);
    }
    // the noise is there: reward noise variance ≈ 3σ² (outputs) + state noise propagated
    assertTrue(sumSq / 1000 > 0.02 && sumSq / 1000 < 0.1, "noise variance " + sumSq / 1000);
    assertNotEquals(cfg.environment(18).step(u), cfg.environment(17).step(u));
  }

  @Test
  void noiselessStepsConvergeToTheSteadyStateValue() {
    DynLinConfig cfg = DynLinConfig.load("realdata");
    LinearDynamicalEnvironment env =
        new LinearDynamicalEnvironment(cfg.a(), cfg.b(), cfg.c(), cfg.d(), 0, 1);
    double[] u = {1, 0, 0.5};
    double r = 0;
    assertEquals(1 * 0.13 + 0.5 * 0.02, env.step(u), 1e-12); // x_0 = 0: 1ᵀD u only
    for (int t = 0; t < 200; t++) {
      r = env.step(u);
    }
    assertEquals(env.value(u), r, 1e-12);
    assertArrayEquals(new double[] {0.13, 0.41, 0.02}, env.thetaVector(), 1e-12);
  }
}
