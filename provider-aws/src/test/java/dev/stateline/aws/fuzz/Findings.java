/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.StatelineException;

/**
 * The Bedrock model maps whatever the SDK throws to a {@link StatelineException}, including
 * programming errors (a {@code NullPointerException} becomes a "provider unavailable" error). So a
 * documented exception type alone proves little; these checks look into its causes.
 *
 * <p>Programming errors thrown inside the AWS SDK itself are not Stateline's to fix: the SDK wraps
 * them (say a {@code NullPointerException} from its unmarshaller, for an event whose JSON payload is
 * {@code null}) and Stateline reports them as a broken response, which is what these checks expect.
 */
final class Findings {
  private Findings() {}

  /**
   * Fails if the error hides a bug: a time-out (nothing here waits on a network, so it means a
   * hang), an {@link Error} anywhere among its causes, or an unchecked exception thrown by
   * Stateline's own code.
   */
  static void requireNoBug(StatelineException e) {
    assertThat(e).as("a time-out with every byte in memory (a hang)").isNotInstanceOf(CallTimeoutException.class);
    for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof Error) {
        throw new AssertionError("an Error behind " + e.getClass().getSimpleName() + ": " + c, c);
      }
      if (c instanceof RuntimeException && !(c instanceof StatelineException) && thrownByStateline(c)) {
        throw new AssertionError("Stateline code threw " + c + " (mapped to " + e.getClass().getSimpleName() + ")", c);
      }
    }
  }

  private static boolean thrownByStateline(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith("dev.stateline.")
        && !trace[0].getClassName().startsWith("dev.stateline.aws.fuzz.");
  }
}
