/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one call (or many) cost: an exact decimal amount in one currency.
 *
 * <p>The client puts one on every response whose target has a price
 * ({@code ChatResponse.cost()}, null when unpriced): the {@code Price} of the target that answered,
 * from the client's {@link dev.stateline.PriceBook} or else the target's own, applied to the usage the provider
 * reported. Amounts are never rounded; compare them with {@link BigDecimal#compareTo}, not
 * {@code equals} (which also compares scale).
 *
 * <p>Immutable and thread-safe.
 *
 * @param amount the amount, not negative
 * @param currency an ISO 4217 code of three capital letters
 */
public record Cost(BigDecimal amount, String currency) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /**
   * @throws IllegalArgumentException if the amount is negative or the currency malformed
   */
  public Cost {
    Objects.requireNonNull(amount, "amount");
    requireCurrency(currency);
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a cost cannot be negative");
    }
  }

  /** Nothing, in {@code currency}. */
  public static Cost zero(String currency) {
    return new Cost(BigDecimal.ZERO, currency);
  }

  /**
   * The sum of two costs.
   *
   * @throws IllegalArgumentException if their currencies differ
   */
  public Cost plus(Cost other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
    return new Cost(amount.add(other.amount), currency);
  }

  /** Such as {@code 0.0123 USD}. */
  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency;
  }

  /**
   * Checks an ISO 4217 currency code (three capital letters).
   *
   * @return the code
   * @throws IllegalArgumentException if it is malformed
   */
  public static String requireCurrency(String currency) {
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code of three capital letters, such as"
          + " USD or EUR; was '" + currency + "'");
    }
    return currency;
  }
}
