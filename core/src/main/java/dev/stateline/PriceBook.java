/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.Cost;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The prices you actually pay, per target and optionally per model alias on a target, in one
 * currency. The client prices every answer with it ({@code StatelineClient.Builder.priceBook}):
 * the entry for the target and the alias the call asked for, else the entry for the target, else
 * the target's own {@link Target#price()}, else nothing (the response's cost is then null).
 *
 * <p>Build one in code, or load it from a properties file (see {@code docs/pricebook.example.properties}):
 *
 * <pre>
 * currency = USD
 * price.azure-swc = input=2.00, cached_input=0.50, output=8.00
 * price.azure-swc/gpt-4.1-mini = input=0.40, cached_input=0.10, output=1.60
 * </pre>
 *
 * <p>A key {@code price.TARGET} prices every alias on the target; {@code price.TARGET/ALIAS} prices
 * one alias there (target names cannot contain '/', so the first '/' separates them). Values are
 * per million tokens; {@code cached_input} is optional and defaults to {@code input}. Any other key,
 * a missing rate or a malformed number is an error that names the line's key.
 *
 * <p>Immutable and thread-safe.
 */
public final class PriceBook {
  private final String currency;
  private final Map<String, Price> byTarget;
  private final Map<String, Map<String, Price>> byAlias;

  private PriceBook(Builder b) {
    this.currency = b.currency;
    this.byTarget = Collections.unmodifiableMap(new LinkedHashMap<>(b.byTarget));
    Map<String, Map<String, Price>> aliases = new LinkedHashMap<>();
    b.byAlias.forEach((t, m) -> aliases.put(t, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    this.byAlias = Collections.unmodifiableMap(aliases);
  }

  /** A builder for a book in {@code currency} (ISO 4217, such as {@code USD}). */
  public static Builder builder(String currency) {
    return new Builder(Cost.requireCurrency(currency));
  }

  /**
   * Loads a book from a properties file in UTF-8.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if an entry is malformed; the message names its key
   */
  public static PriceBook load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(r);
    }
  }

  /**
   * Loads a book from properties text.
   *
   * @throws IOException if the reader fails
   * @throws IllegalArgumentException if an entry is malformed; the message names its key
   */
  public static PriceBook load(Reader reader) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    return fromProperties(p);
  }

  /**
   * A book from properties (keys {@code currency}, {@code price.TARGET}, {@code price.TARGET/ALIAS}).
   *
   * @throws IllegalArgumentException if an entry is malformed; the message names its key
   */
  public static PriceBook fromProperties(Properties properties) {
    String currency = properties.getProperty("currency");
    if (currency == null) {
      throw new IllegalArgumentException("the price book needs a 'currency' entry, such as currency = USD");
    }
    Builder b = builder(currency.trim());
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.equals("currency")) {
        continue;
      }
      if (!key.startsWith("price.") || key.length() == "price.".length()) {
        throw new IllegalArgumentException("unknown price book key '" + key
            + "'; keys are 'currency', 'price.TARGET' and 'price.TARGET/ALIAS'");
      }
      String name = key.substring("price.".length());
      Price price = parseRates(key, properties.getProperty(key), b.currency);
      int slash = name.indexOf('/');
      if (slash < 0) {
        b.price(name, price);
      } else {
        b.price(name.substring(0, slash), name.substring(slash + 1), price);
      }
    }
    return b.build();
  }

  private static Price parseRates(String key, String value, String currency) {
    BigDecimal input = null;
    BigDecimal cached = null;
    BigDecimal output = null;
    for (String part : value.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("price book entry '" + key + "': '" + p + "' is not name=value");
      }
      String rate = p.substring(0, eq).trim();
      BigDecimal amount;
      try {
        amount = new BigDecimal(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("price book entry '" + key + "': " + rate + " is not a decimal number");
      }
      switch (rate) {
        case "input" -> input = amount;
        case "cached_input" -> cached = amount;
        case "output" -> output = amount;
        default -> throw new IllegalArgumentException("price book entry '" + key + "': unknown rate '" + rate
            + "'; rates are input, cached_input, output (per million tokens)");
      }
    }
    if (input == null || output == null) {
      throw new IllegalArgumentException("price book entry '" + key + "' needs input=... and output=..."
          + " (per million tokens)");
    }
    try {
      return new Price(input, cached == null ? input : cached, output, currency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("price book entry '" + key + "': " + e.getMessage(), e);
    }
  }

  /** The book's currency. */
  public String currency() {
    return currency;
  }

  /**
   * The book's price for {@code alias} on the target named {@code target}: the alias entry, else the
   * target entry, else null.
   */
  public Price priceFor(String target, String alias) {
    Map<String, Price> aliases = byAlias.get(target);
    if (aliases != null && alias != null) {
      Price p = aliases.get(alias);
      if (p != null) {
        return p;
      }
    }
    return byTarget.get(target);
  }

  /** The book's price for {@code alias} on {@code target}, else the target's own, else null. */
  public Price priceFor(Target target, String alias) {
    Price p = priceFor(target.name(), alias);
    return p != null ? p : target.price();
  }

  /** The per-target entries. */
  public Map<String, Price> targetPrices() {
    return byTarget;
  }

  /** The per-alias entries, by target then alias. */
  public Map<String, Map<String, Price>> aliasPrices() {
    return byAlias;
  }

  @Override
  public String toString() {
    int aliases = byAlias.values().stream().mapToInt(Map::size).sum();
    return "PriceBook[" + currency + ", targets=" + byTarget.keySet() + ", aliasEntries=" + aliases + "]";
  }

  /** Builds a {@link PriceBook}. Not thread-safe. */
  public static final class Builder {
    private final String currency;
    private final Map<String, Price> byTarget = new LinkedHashMap<>();
    private final Map<String, Map<String, Price>> byAlias = new LinkedHashMap<>();

    private Builder(String currency) {
      this.currency = currency;
    }

    /**
     * Prices every alias on the target named {@code target}.
     *
     * @throws IllegalArgumentException if the price is in another currency than the book
     */
    public Builder price(String target, Price price) {
      byTarget.put(requireName(target, "target"), checked(price));
      return this;
    }

    /**
     * Prices {@code alias} on the target named {@code target}.
     *
     * @throws IllegalArgumentException if the price is in another currency than the book
     */
    public Builder price(String target, String alias, Price price) {
      byAlias.computeIfAbsent(requireName(target, "target"), k -> new LinkedHashMap<>())
          .put(requireName(alias, "alias"), checked(price));
      return this;
    }

    private Price checked(Price price) {
      Objects.requireNonNull(price, "price");
      if (!price.currency().equals(currency)) {
        throw new IllegalArgumentException("the price book is in " + currency + "; a price in " + price.currency()
            + " cannot go into it");
      }
      return price;
    }

    private static String requireName(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must be non-blank");
      }
      return s;
    }

    public PriceBook build() {
      return new PriceBook(this);
    }
  }
}
