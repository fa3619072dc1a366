/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one shared counter holds for one period: the fleet-wide sum of every instance's bookings.
 *
 * @param amount the exact sum of costs, in the ledger's currency
 * @param calls calls booked (priced or not)
 * @param unpricedCalls calls booked without a cost (no price for their target)
 * @param inputTokens input tokens of the booked calls
 * @param outputTokens output tokens of the booked calls
 * @param admitted calls a {@link DynamoDbSpendCeiling} let through on this counter (admitted minus
 *     booked is roughly what is in flight or failed)
 */
public record SharedSpend(BigDecimal amount, long calls, long unpricedCalls, long inputTokens, long outputTokens,
    long admitted) {
  /** Nothing booked. */
  public static final SharedSpend NONE = new SharedSpend(BigDecimal.ZERO, 0, 0, 0, 0, 0);

  /** Checks the amount is present. */
  public SharedSpend {
    Objects.requireNonNull(amount, "amount");
  }
}
