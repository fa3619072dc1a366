/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.chat.ChatResponse;
import dev.stateline.placement.Placement;

/**
 * The call would have had to leave its jurisdiction: a target could have taken it, but only one
 * outside the allowed regions. Fails closed; never retried elsewhere. {@link #placement()} lists
 * every target with the reason it was excluded, and {@code placement().residency()} names the
 * jurisdiction.
 *
 * <p>Also thrown, with {@code StatelineClient.Builder.strictResidencyEvidence(true)}, after a call
 * ran: the provider answered but said it processed the call outside its jurisdiction (Azure's
 * {@code x-ms-region}). Then {@link #answer()} holds that answer for inspection (it is not returned
 * as a success), and {@link #info()} names the reported region.
 */
public class ResidencyViolationException extends NoEligibleTargetException {
  private final transient ChatResponse answer;

  public ResidencyViolationException(Placement placement) {
    super((placement.residency() == null ? "the call" : "the call bound to " + placement.residency().name())
        + " could only run outside its jurisdiction, so it does not run; " + describe(placement), placement);
    this.answer = null;
  }

  /**
   * The provider processed the call outside its jurisdiction, by its own account.
   *
   * @param message what happened, without content or secrets
   * @param answer the answer, stamped with its target, placement and attempts
   * @param info the provider's details, with the reported processing region
   */
  public ResidencyViolationException(String message, ChatResponse answer, ErrorInfo info) {
    super(message, answer.placement(), info);
    this.answer = answer;
  }

  /** The answer a provider gave from outside the jurisdiction, or null if the call never ran. */
  public ChatResponse answer() {
    return answer;
  }
}
