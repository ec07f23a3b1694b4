package io.streamlearn.models.ads;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A budget allocation policy over a finite arm set; the same interface for every learner and
 * baseline. Called in strict alternation: {@code chooseArm(), observe(reward), chooseArm(), ...}
 * one pair per round (implementations throw {@link IllegalStateException} otherwise).
 *
 * <p>Implementations are deterministic given their constructor arguments (including a seed) and
 * the sequence of observed rewards; they hold no clocks, threads or static mutable state. The
 * whole state, random generator included, is written by {@link #writeState} and restored by
 * {@link #readState} into an instance built with the same constructor arguments, after which the
 * restored instance produces bit-identical outputs.
 */
public interface BudgetPolicy {
  /** Display name, e.g. {@code "DynLin-UCB"}, {@code "LinUCB-lnT"}. */
  String name();

  /** The arms this policy chooses from. */
  ArmSet arms();

  /** Index into {@link #arms()} of the action for the coming round. */
  int chooseArm();

  /**
   * Reward of the round just played with the last chosen arm.
   *
   * @throws IllegalArgumentException if the reward is NaN or infinite (the state is left untouched)
   */
  void observe(double reward);

  /** {@code <ĥ, u>} of the last chosen arm, as computed when the action was decided (NaN if none). */
  double expectedReward();

  /** {@code β‖u‖_{V⁻¹}} of the last chosen arm, as computed when the action was decided (NaN if none). */
  double confidenceWidth();

  /** Block number of the last chosen arm (round number for non-block policies), from 0. */
  long block();

  /**
   * Whether the last chosen arm started a new block (block policies: DynLin-UCB, Batch-Exp3), or,
   * for per-round policies, differs from the previous round's arm (always true in round 0).
   */
  boolean newAction();

  /**
   * Probability with which the last decision chose {@code arm}, given everything before it: 1 for
   * the arm of a deterministic choice (a UCB argmax, a held block) and 0 for the others; 1/K for a
   * uniformly random first arm; Exp3's sampling probability. What a log records for off-policy
   * evaluation. Describes the last {@link #chooseArm} of this instance (not part of the state).
   */
  double probabilityOf(int arm);

  /** {@link #probabilityOf} the arm last chosen: the propensity of the decision. */
  double propensity();

  /** Writes the whole state (including random generator state). */
  void writeState(DataOutput out) throws IOException;

  /** Reads a state written by {@link #writeState} into an instance built with the same constructor args. */
  void readState(DataInput in) throws IOException;
}
