package io.streamlearn.models.ads;

import io.streamlearn.models.Rng;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** chooseArm/observe allocate nothing (measured with the JVM's per-thread allocation counter). */
class AllocationFreeTest {
  @ParameterizedTest
  @ValueSource(strings = {"DynLin-UCB", "DynLin-UCB-lnT", "LinUCB", "LinUCB-lnT", "D-LinUCB", "D-LinUCB-lnT",
      "Exp3", "Batch-Exp3", "AR2"})
  void noAllocationPerRound(String name) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
    Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported());
    bean.setThreadAllocatedMemoryEnabled(true);

    // p = 8 platforms, 56 arms
    ArmSet arms = ArmSet.vertices(8, 1.5, 1, 0);
    DynLinBounds bounds = new DynLinBounds(0.5, 2, 1, 0.5, 0.5, 0.01, 1e-6);
    BudgetPolicy p = PolicyFactory.create(name, arms, 1_000_000, 3, bounds);
    double[] rewards = new double[4096];
    Rng r = new Rng(1);
    for (int i = 0; i < rewards.length; i++) {
      rewards[i] = r.nextDouble();
    }
    for (int t = 0; t < 5_000; t++) { // warm up (JIT)
      p.chooseArm();
      p.observe(rewards[t & 4095]);
    }
    long tid = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(tid);
    for (int t = 0; t < 5_000; t++) {
      p.chooseArm();
      p.observe(rewards[t & 4095]);
    }
    long allocated = bean.getThreadAllocatedBytes(tid) - before;
    long control = bean.getThreadAllocatedBytes(tid);
    double[][] sink = new double[100][];
    for (int i = 0; i < 100; i++) {
      sink[i] = new double[100];
    }
    assertTrue(bean.getThreadAllocatedBytes(tid) - control >= 80_000 && sink[99].length == 100, "counter works");
    // a few hundred bytes of slack for the measurement itself
    assertTrue(allocated < 2_000, name + " allocated " + allocated + " bytes in 5,000 rounds");
  }
}
