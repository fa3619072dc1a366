/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A turn of an agent session could not reach the target that holds the session, and so did not
 * run: the session's state lives with that target (its agent, in its Region) and never moves, so
 * the turn fails rather than run anywhere else. The cause says why the target could not take it:
 * placement refused it (its circuit is open, a budget is spent, it is no longer eligible) or the
 * target failed before it accepted the turn.
 *
 * <p>Nothing was sent to the agent. {@link #isRetryable()} is true when waiting may help (an open
 * circuit, throttling, an outage); the session is unchanged and the same turn may be sent again.
 */
public class AgentUnreachableException extends StatelineException {
  private final String sessionId;
  private final String target;

  /**
   * @param sessionId the application's session id
   * @param target the target that holds the agent session
   * @param retryable true if the same turn may succeed later
   * @param cause why the target could not take the turn
   */
  public AgentUnreachableException(String message, String sessionId, String target, boolean retryable,
      StatelineException cause) {
    super(message, cause == null ? ErrorInfo.NONE : cause.info(), retryable, cause);
    this.sessionId = sessionId;
    this.target = target;
  }

  /** The application's session id. */
  public String sessionId() {
    return sessionId;
  }

  /** The target that holds the agent session. */
  public String target() {
    return target;
  }
}
