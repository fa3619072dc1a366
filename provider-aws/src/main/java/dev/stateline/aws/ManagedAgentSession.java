/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import dev.stateline.session.Session;

/**
 * A session with an agent on Amazon Bedrock Managed Agents ({@link BedrockManagedAgent}): the
 * service keeps its conversation, and each {@link #send} or {@link #stream} is one turn of the agent.
 * {@code StatelineClient.session(id, options)} returns one when the alias is served by managed agent
 * targets.
 *
 * <ul>
 *   <li><b>Where the state lives</b>: with the agent session, in the Region of the target that
 *       created it on the first turn. The session store keeps Stateline's record: which target and
 *       agent session the id is bound to, and each committed turn (its messages and answer).
 *   <li><b>{@link #history()}</b> reads the agent's durable items (user and assistant messages,
 *       oldest first), so it also holds a turn whose answer was lost on the way.
 *   <li><b>Never a turn twice</b>: a message is submitted once; a lost answer is reconciled with
 *       the session's items and status, never by resending. A failed turn is an
 *       {@link dev.stateline.error.AgentTurnFailedException}; the agent keeps it.
 *   <li><b>Never moves</b>: every turn after the first is pinned to the session's target; a turn
 *       that cannot reach it fails with an {@link dev.stateline.error.AgentUnreachableException}.
 *   <li><b>Cancelling</b>: the call's {@code Cancellation}, {@link #cancel()}, and closing a stream
 *       before its end all submit the agent's cancel event for the turn in progress.
 * </ul>
 *
 * <p>Thread-safe. Turns of one session run one at a time within a client.
 */
public interface ManagedAgentSession extends Session {

  /** The agent session's id at Bedrock Managed Agents, or null before the first turn created it. */
  String agentSessionId();

  /**
   * Asks the agent to cancel the turn in progress, if any (its cancel event). Cancelling does not
   * undo what its tools already did.
   *
   * @return false if the session has no agent session yet, so there was nothing to cancel
   * @throws dev.stateline.error.StatelineException (a subtype) if the request fails
   */
  boolean cancel();

  /**
   * Deletes the agent session at Bedrock Managed Agents (which also asks it to clean up its runtime
   * attachment) and then the session's record in the store. Files in your own environment stay.
   * Closes the session.
   *
   * @return false if there was no agent session to delete
   * @throws dev.stateline.error.StatelineException (a subtype) if the request fails; the record is
   *     then kept
   */
  boolean delete();
}
