package io.streamlearn.models.ads;

import io.streamlearn.models.Rng;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ε-mixing over the arm set around any policy, so that a log of its decisions supports off-policy
 * evaluation (every arm has a positive propensity in every round): each round, with probability ε
 * the arm is drawn uniformly from all K arms instead of being the policy's choice. The propensity
 * of the played arm a is (1 − ε) π(a) + ε/K, with π the policy's own probability of a.
 *
 * <p>Exploration rounds are off the policy's books: it neither chooses nor learns in them, so a
 * learner holding a block (DynLin-UCB) resumes it afterwards and never regresses a reward it did not
 * cause. To know π(a) of an explored arm the policy's choice is still computed, then undone (its
 * state written and read back). The draws come from this wrapper's own {@link Rng}, seeded from the
 * wrapped policy's seed ({@link #seedFor}) and kept in the state, so replays explore alike.
 */
public final class Explored implements BudgetPolicy {
  private static final int MAGIC = 0x45585031; // "EXP1"
  private static final long STREAM = 0x6578706C6F7265L; // "explore"

  private final BudgetPolicy policy;
  private final double epsilon;
  private final Rng rng;
  private final double[] pi;

  private int lastArm = -1;
  private int previousArm = -1;
  private boolean explored;
  private boolean exploredBefore;
  private boolean awaitingReward;

  /**
   * @param seed the wrapped policy's seed (the wrapper derives its own stream from it)
   * @throws IllegalArgumentException unless 0 &lt; ε ≤ 1
   */
  public Explored(BudgetPolicy policy, double epsilon, long seed) {
    if (!(epsilon > 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("exploration epsilon must be in (0, 1]: " + epsilon);
    }
    this.policy = policy;
    this.epsilon = epsilon;
    this.rng = new Rng(seedFor(seed));
    this.pi = new double[policy.arms().size()];
  }

  /** The seed of the exploration draws of a policy seeded with {@code policySeed}. */
  public static long seedFor(long policySeed) {
    return Rng.derive(policySeed, STREAM);
  }

  /** The policy that chooses when this round is not explored. */
  public BudgetPolicy policy() {
    return policy;
  }

  public double epsilon() {
    return epsilon;
  }

  /** Whether the last chosen arm was drawn uniformly (exploration) rather than chosen by the policy. */
  public boolean explored() {
    return explored;
  }

  @Override
  public String name() {
    return policy.name();
  }

  @Override
  public ArmSet arms() {
    return policy.arms();
  }

  @Override
  public int chooseArm() {
    if (awaitingReward) {
      throw new IllegalStateException(name() + ": chooseArm() called twice without observe()");
    }
    exploredBefore = explored;
    previousArm = lastArm;
    explored = rng.nextDouble() < epsilon;
    int arm;
    if (explored) {
      arm = rng.nextInt(pi.length);
      byte[] before = PolicySnapshot.of(policy);
      policy.chooseArm();
      fillPi();
      PolicySnapshot.restore(policy, before);
    } else {
      arm = policy.chooseArm();
      fillPi();
    }
    lastArm = arm;
    awaitingReward = true;
    return arm;
  }

  private void fillPi() {
    for (int a = 0; a < pi.length; a++) {
      pi[a] = policy.probabilityOf(a);
    }
  }

  @Override
  public void observe(double reward) {
    if (!awaitingReward) {
      throw new IllegalStateException(name() + ": observe() without a preceding chooseArm()");
    }
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException(name() + ": non-finite reward " + reward);
    }
    if (!explored) {
      policy.observe(reward);
    }
    awaitingReward = false;
  }

  @Override
  public double probabilityOf(int arm) {
    return (1 - epsilon) * pi[arm] + epsilon / pi.length;
  }

  @Override
  public double propensity() {
    return probabilityOf(lastArm);
  }

  @Override
  public double expectedReward() {
    return explored ? Double.NaN : policy.expectedReward();
  }

  @Override
  public double confidenceWidth() {
    return explored ? Double.NaN : policy.confidenceWidth();
  }

  @Override
  public long block() {
    return policy.block();
  }

  /** Around an explored round the played arm changes whatever the policy's block says. */
  @Override
  public boolean newAction() {
    if (explored || exploredBefore) {
      return lastArm != previousArm;
    }
    return policy.newAction();
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeDouble(epsilon);
    rng.writeState(out);
    out.writeInt(lastArm);
    out.writeInt(previousArm);
    out.writeBoolean(explored);
    out.writeBoolean(exploredBefore);
    out.writeBoolean(awaitingReward);
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException("not an explored policy's state (magic " + Integer.toHexString(magic)
          + "): was exploration configured differently when it was written?");
    }
    double e = in.readDouble();
    if (e != epsilon) {
      throw new IOException("state was written with exploration epsilon " + e + ", this policy has " + epsilon);
    }
    rng.readState(in);
    lastArm = in.readInt();
    previousArm = in.readInt();
    explored = in.readBoolean();
    exploredBefore = in.readBoolean();
    awaitingReward = in.readBoolean();
    policy.readState(in);
  }
}
