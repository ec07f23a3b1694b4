package io.streamlearn.models.ads;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Shared bookkeeping of every {@link BudgetPolicy}: the round counter, strict alternation of
 * {@code chooseArm}/{@code observe}, the last decision's diagnostics and the state header. A
 * subclass implements {@link #decide()} and {@link #learn(double)} and writes/reads its own fields.
 *
 * <p>Numerics use plain {@code double[]} (row-major d×d matrices) with preallocated scratch
 * arrays: no allocation in {@code chooseArm}/{@code observe}. Plain arrays were chosen over ND4J
 * because ND4J's fixed cost per op is far larger than a whole small Sherman-Morrison update on
 * plain arrays ({@code bench models}: arrays against ND4J, README).
 */
abstract class AbstractPolicy implements BudgetPolicy {
  private static final int MAGIC = 0x444C4231; // "DLB1"

  protected final ArmSet arms;
  protected final int d;
  private final String name;

  /** Rounds completed (observed) so far: t in the paper's formulas. */
  protected long round;

  protected int lastArm = -1;
  protected long lastBlock = -1;
  protected boolean lastNew;
  protected double lastExpected = Double.NaN;
  protected double lastWidth = Double.NaN;
  private boolean awaitingReward;

  /** Set by a subclass when its last decision drew the arm uniformly from all arms (reset per decision). */
  protected boolean uniformDecision;

  AbstractPolicy(String name, ArmSet arms) {
    this.name = name;
    this.arms = arms;
    this.d = arms.dimension();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ArmSet arms() {
    return arms;
  }

  /** Rounds completed so far. */
  public final long rounds() {
    return round;
  }

  @Override
  public final int chooseArm() {
    if (awaitingReward) {
      throw new IllegalStateException(name + ": chooseArm() called twice without observe()");
    }
    uniformDecision = false;
    int a = decide();
    lastArm = a;
    awaitingReward = true;
    return a;
  }

  @Override
  public final void observe(double reward) {
    if (!awaitingReward) {
      throw new IllegalStateException(name + ": observe() without a preceding chooseArm()");
    }
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException(name + ": non-finite reward " + reward);
    }
    learn(reward);
    round++;
    awaitingReward = false;
  }

  /** Decides the arm of round {@link #round}; sets lastBlock, lastNew, lastExpected, lastWidth. */
  protected abstract int decide();

  /** Learns from the reward of round {@link #round}, played with {@link #lastArm}. */
  protected abstract void learn(double reward);

  protected abstract void writeBody(DataOutput out) throws IOException;

  protected abstract void readBody(DataInput in) throws IOException;

  /** For per-round policies: newAction is "the arm differs from the previous round's". */
  protected final boolean changed(int arm) {
    return round == 0 || arm != lastArm;
  }

  @Override
  public double probabilityOf(int arm) {
    if (uniformDecision) {
      return 1.0 / arms.size();
    }
    return arm == lastArm ? 1.0 : 0.0;
  }

  @Override
  public final double propensity() {
    return probabilityOf(lastArm);
  }

  @Override
  public double expectedReward() {
    return lastExpected;
  }

  @Override
  public double confidenceWidth() {
    return lastWidth;
  }

  @Override
  public long block() {
    return lastBlock;
  }

  @Override
  public boolean newAction() {
    return lastNew;
  }

  @Override
  public final void writeState(DataOutput out) throws IOException {
    out.writeInt(MAGIC);
    out.writeUTF(name);
    out.writeInt(arms.size());
    out.writeInt(d);
    out.writeLong(round);
    out.writeInt(lastArm);
    out.writeLong(lastBlock);
    out.writeBoolean(lastNew);
    out.writeDouble(lastExpected);
    out.writeDouble(lastWidth);
    out.writeBoolean(awaitingReward);
    writeBody(out);
  }

  @Override
  public final void readState(DataInput in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException("not a policy state (magic " + Integer.toHexString(magic) + ")");
    }
    String n = in.readUTF();
    if (!n.equals(name)) {
      throw new IOException("state of policy '" + n + "' cannot be read into '" + name + "'");
    }
    int k = in.readInt();
    int dd = in.readInt();
    if (k != arms.size() || dd != d) {
      throw new IOException(
          "state has " + k + " arms of dimension " + dd + ", this policy " + arms.size() + " of " + d);
    }
    round = in.readLong();
    lastArm = in.readInt();
    lastBlock = in.readLong();
    lastNew = in.readBoolean();
    lastExpected = in.readDouble();
    lastWidth = in.readDouble();
    awaitingReward = in.readBoolean();
    readBody(in);
  }
}
