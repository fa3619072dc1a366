/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.guardrail;

import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;

/**
 * A {@link Guardrail} blocked the call: before the request (nothing was sent) or after the response
 * (the answer is withheld). Names the guardrail and its reason, never the content. Not retryable,
 * never failed over.
 */
public class GuardrailBlockedException extends StatelineException {
  private final String guardrail;
  private final String reason;
  private final boolean afterResponse;

  /**
   * @param guardrail the guardrail's name
   * @param reason its reason
   * @param afterResponse true if it blocked the response, false if it blocked the request
   */
  public GuardrailBlockedException(String guardrail, String reason, boolean afterResponse) {
    super("guardrail '" + guardrail + "' blocked the " + (afterResponse ? "response" : "request") + ": " + reason,
        new ErrorInfo(null, 0, null, "guardrail_blocked"), false, null);
    this.guardrail = guardrail;
    this.reason = reason;
    this.afterResponse = afterResponse;
  }

  /** The name of the guardrail that blocked. */
  public String guardrail() {
    return guardrail;
  }

  /** The guardrail's reason. */
  public String reason() {
    return reason;
  }

  /** True if the response was blocked (the model was called), false if the request was. */
  public boolean afterResponse() {
    return afterResponse;
  }
}
