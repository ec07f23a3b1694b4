package io.streamlearn.ops.cli;

/** A mistake of the user's (flag, file, configuration): printed as one line with the fix, exit code 2. */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
