package io.streamlearn.models.ads;

/** Plays the optimal constant action u* (given; e.g. {@code arms.arm(env.bestArm(arms))}) forever. */
public final class Clairvoyant extends FixedAllocation {
  /** {@code arms()} is {@code arms} if it contains u*, else the one-arm set {u*}. */
  public Clairvoyant(ArmSet arms, double[] uStar) {
    super("Clairvoyant", armsContaining(arms, uStar), armsContaining(arms, uStar).indexOf(uStar));
  }
}
