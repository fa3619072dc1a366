/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * What a target charges per million tokens: for prompt tokens, for prompt tokens served from the
 * provider's prompt cache, and for completion tokens, in one currency.
 *
 * <p>This is Stateline's one notion of a rate. A target declares its list price with
 * {@code Target.Builder.price(...)}; placement ranks otherwise equal targets by the estimated cost of
 * a call ({@link #estimate}); a {@link dev.stateline.PriceBook} overrides it per target and per
 * model alias with the prices you actually pay; the client turns the price of the target that
 * answered and the reported {@link Usage} into the {@link Cost} on every response ({@link #cost}).
 *
 * <p>A price made without a currency is in {@value #DEFAULT_CURRENCY}, the currency the providers
 * publish their list prices in; a price made without a cached-input rate charges cached prompt tokens
 * like other prompt tokens (never under-reporting). Use one currency for every target of a client.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputPerMillion the price of one million prompt tokens not served from cache, not negative
 * @param cachedInputPerMillion the price of one million prompt tokens served from cache, not negative
 * @param outputPerMillion the price of one million completion tokens, not negative
 * @param currency an ISO 4217 code of three capital letters, such as {@code USD} or {@code EUR}
 */
public record Price(BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion, BigDecimal outputPerMillion,
    String currency) {
  /** The currency of a price made without one. */
  public static final String DEFAULT_CURRENCY = "USD";

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  
  /**
   * @throws IllegalArgumentException if a price is negative or the currency is not three capital
   *     letters
   */
  public Price {
    Objects.requireNonNull(inputPerMillion, "inputPerMillion");
    Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion");
    Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    Objects.requireNonNull(currency, "currency");
    if (inputPerMillion.signum() < 0 || cachedInputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
      throw new IllegalArgumentException("prices cannot be negative");
    }
    Cost.requireCurrency(currency);
  }

  /** Input and output prices in {@value #DEFAULT_CURRENCY}; cached input costs as much as input. */
  public Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    this(inputPerMillion, inputPerMillion, outputPerMillion, DEFAULT_CURRENCY);
  }

  /**
   * A price from decimal strings in {@value #DEFAULT_CURRENCY}, such as
   * {@code Price.perMillionTokens("2.00", "8.00")}.
   *
   * @throws NumberFormatException if a value is not a decimal number
   */
  public static Price perMillionTokens(String inputPerMillion, String outputPerMillion) {
    return new Price(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion));
  }

  /**
   * A price from decimal strings with a cached-input rate and a currency, such as
   * {@code Price.perMillionTokens("2.00", "0.50", "8.00", "EUR")}.
   *
   * @throws NumberFormatException if a value is not a decimal number
   * @throws IllegalArgumentException if a value is negative or the currency malformed
   */
  public static Price perMillionTokens(String inputPerMillion, String cachedInputPerMillion,
      String outputPerMillion, String currency) {
    return new Price(new BigDecimal(inputPerMillion), new BigDecimal(cachedInputPerMillion),
        new BigDecimal(outputPerMillion), currency);
  }

  /** A copy with another cached-input rate. */
  public Price withCachedInput(BigDecimal cachedInputPerMillion) {
    return new Price(inputPerMillion, cachedInputPerMillion, outputPerMillion, currency);
  }

  /** A copy in another currency (the amounts stay as they are). */
  public Price withCurrency(String currency) {
    return new Price(inputPerMillion, cachedInputPerMillion, outputPerMillion, currency);
  }

  /**
   * The approximate cost of a call with the given token counts, none of them cached; placement uses
   * it to rank targets.
   */
  public BigDecimal estimate(long inputTokens, long outputTokens) {
    return inputPerMillion.multiply(BigDecimal.valueOf(inputTokens))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
        .divide(MILLION, MathContext.DECIMAL64);
  }

  /**
   * The exact cost of a call that used {@code usage}: uncached prompt tokens at the input rate,
   * cached ones at the cached-input rate, completion tokens (reasoning included) at the output rate.
   * No rounding: the amount has as many decimals as the prices plus six.
   */
  public Cost cost(Usage usage) {
    Objects.requireNonNull(usage, "usage");
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    BigDecimal micro = inputPerMillion.multiply(BigDecimal.valueOf(usage.inputTokens() - cached))
        .add(cachedInputPerMillion.multiply(BigDecimal.valueOf(cached)))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())));
    return new Cost(micro.movePointLeft(6), currency);
  }
}
