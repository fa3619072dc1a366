/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A call continued a stored response ({@code previous_response_id} of the Responses API) that the
 * provider does not have: it expired (OpenAI and Bedrock keep a stored response for 30 days), was
 * deleted, was never stored ({@code store=false}), or belongs to another account, project or Region.
 * Bedrock answers HTTP 404 (the same 404 in every one of these cases), OpenAI and Azure HTTP 400
 * {@code previous_response_not_found}.
 *
 * <p>Not retryable: asking again for the same id gets the same answer. A server-held session
 * ({@link dev.stateline.session.SessionOptions#serverHeld()}) that meets it replays its client-held
 * history instead, on the same target (see {@link dev.stateline.session.SessionOptions#replayLostState()}).
 * It is an {@link InvalidRequestException} whose {@link #param()} is {@code previous_response_id}.
 */
public class StoredResponseNotFoundException extends InvalidRequestException {
  private final String responseId;

  /**
   * @param responseId the stored response's id the call continued from, or null if not known
   */
  public StoredResponseNotFoundException(String message, ErrorInfo info, String responseId, Throwable cause) {
    super(message, info, "previous_response_id", cause);
    this.responseId = responseId;
  }

  /** The id of the stored response that was not found, or null if the provider did not say. */
  public String responseId() {
    return responseId;
  }
}
