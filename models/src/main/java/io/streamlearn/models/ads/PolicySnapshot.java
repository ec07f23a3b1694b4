package io.streamlearn.models.ads;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A policy's whole state in memory, to undo a decision: taken before {@code chooseArm} and restored
 * after it, the policy is as if it had not chosen ({@link Explored}'s explored rounds, off-policy
 * evaluation of a learning target that only learns from the rounds it would have played).
 */
public final class PolicySnapshot {

  private PolicySnapshot() {}

  public static byte[] of(BudgetPolicy policy) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      policy.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  /** Reads {@code state} (from {@link #of} of the same policy) back into {@code policy}. */
  public static void restore(BudgetPolicy policy, byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      policy.readState(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
