package io.streamlearn.models.ads;

import java.io.DataInput;
import java.io.DataOutput;

/** A policy that plays one arm forever (base of {@link Expert} and {@link Clairvoyant}). */
abstract class FixedAllocation extends AbstractPolicy {
  private final int index;

  FixedAllocation(String name, ArmSet arms, int index) {
    super(name, arms);
    if (index < 0 || index >= arms.size()) {
      throw new IllegalArgumentException("arm index " + index + " outside 0.." + (arms.size() - 1));
    }
    this.index = index;
  }

  /** If {@code u} is an arm of {@code arms}, that set; else the one-arm set {u}. */
  static ArmSet armsContaining(ArmSet arms, double[] u) {
    return arms != null && arms.indexOf(u) >= 0 ? arms : ArmSet.of(new double[][] {u});
  }

  /** A copy of the allocation played. */
  public double[] allocation() {
    return arms.arm(index);
  }

  @Override
  protected int decide() {
    lastNew = round == 0;
    lastBlock = round;
    return index;
  }

  @Override
  protected void learn(double reward) {}

  @Override
  protected void writeBody(DataOutput out) {}

  @Override
  protected void readBody(DataInput in) {}
}
