package dev.stateline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * What a target charges per million tokens, in one currency of your choice (use the same one for
 * every target of a client). Placement uses it to rank otherwise equal targets by the estimated
 * cost of a call; the cost ledger will use it to add up spend.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputPerMillion the price of one million prompt tokens, not negative
 * @param outputPerMillion the price of one million completion tokens, not negative
 */
public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public Price {
    Objects.requireNonNull(inputPerMillion, "inputPerMillion");
    Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
      throw new IllegalArgumentException("prices cannot be negative");
    }
  }

  /**
   * A price from decimal strings, such as {@code Price.perMillionTokens("2.00", "8.00")}.
   *
   * @throws NumberFormatException if a value is not a decimal number
   */
  public static Price perMillionTokens(String inputPerMillion, String outputPerMillion) {
    return new Price(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion));
  }

  /** The cost of a call with the given token counts. */
  public BigDecimal estimate(long inputTokens, long outputTokens) {
    return inputPerMillion.multiply(BigDecimal.valueOf(inputTokens))
        .add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
        .divide(MILLION, MathContext.DECIMAL64);
  }
}
