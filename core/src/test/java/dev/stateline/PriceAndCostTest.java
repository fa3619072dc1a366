/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Cost;
import dev.stateline.chat.Usage;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Stories of prices and of costs on answers (the ledger and spend ceilings: {@code CostAndBudgetTest} in stateline-governance). */
class PriceAndCostTest {
  static final ChatRequest HELLO = ChatRequest.of("gpt-4.1", "Hello");

  private final ScriptedModel a = new ScriptedModel();
  private final ScriptedModel b = new ScriptedModel();

  static Target priced(String name, ScriptedModel model, Price price) {
    return Target.builder(name, model).provider("fake." + name).anyModel().price(price).build();
  }

  @Test
  void aPrice_costsUncachedCachedAndOutputTokensExactly() {
    Price p = Price.perMillionTokens("2.00", "0.50", "8.00", "EUR");

    Cost c = p.cost(new Usage(1_000, 400, 250, 0));

    // 600 * 2.00 + 400 * 0.50 + 250 * 8.00 = 1200 + 200 + 2000 = 3400 per million
    assertThat(c.amount()).isEqualByComparingTo("0.0034");
    assertThat(c.currency()).isEqualTo("EUR");
  }

  @Test
  void aPriceWithoutCurrencyOrCachedRate_isInUsd_andChargesCachedTokensAsInput() {
    Price p = Price.perMillionTokens("3", "15");

    assertThat(p.currency()).isEqualTo("USD");
    assertThat(p.cachedInputPerMillion()).isEqualByComparingTo("3");
    assertThat(p.cost(new Usage(1_000_000, 1_000_000, 0, 0)).amount()).isEqualByComparingTo("3");
  }

  @Test
  void aMalformedCurrency_isRefusedWithAClearMessage() {
    assertThatThrownBy(() -> Price.perMillionTokens("1", "1", "1", "euro"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 4217");
  }

  @Test
  void everyAnswerOfAPricedTarget_carriesItsCost_andUnpricedOnesNone() {
    StatelineClient priced = client(priced("a", a, Price.perMillionTokens("2", "8"))).build();
    StatelineClient unpriced = client(Fixtures.target("b", b)).build();

    ChatResponse answer = priced.chat(HELLO);

    // ScriptedModel reports 3 input and 2 output tokens: 3*2 + 2*8 = 22 per million
    assertThat(answer.cost().amount()).isEqualByComparingTo("0.000022");
    assertThat(answer.cost().currency()).isEqualTo("USD");
    assertThat(unpriced.chat(HELLO).cost()).isNull();
  }

  @Test
  void aPriceBook_overridesTheTargetsPrice_perTargetAndPerAlias() throws Exception {
    PriceBook book = PriceBook.load(new StringReader("""
        # what we pay
        currency = USD
        price.a = input=1.00, output=1.00
        price.a/gpt-4.1-mini = input=0.10, cached_input=0.05, output=0.40
        """));
    StatelineClient client = client(priced("a", a, Price.perMillionTokens("100", "100")), priced("b", b,
        Price.perMillionTokens("5", "5"))).priceBook(book).build();

    assertThat(client.chat(HELLO).cost().amount()).isEqualByComparingTo("0.000005");                 // 5 tokens * 1.00
    assertThat(client.chat(ChatRequest.of("gpt-4.1-mini", "Hi")).cost().amount())
        .isEqualByComparingTo("0.0000011");                                                          // 3*0.10 + 2*0.40
    assertThat(book.priceFor("b", "gpt-4.1")).isNull();
    assertThat(book.priceFor(client.targets().get(1), "gpt-4.1")).isEqualTo(Price.perMillionTokens("5", "5"));
  }

  @Test
  void aMalformedPriceBook_namesTheBadEntry() {
    assertThatThrownBy(() -> PriceBook.load(new StringReader("currency=USD\nprice.a = input=abc, output=1\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price.a").hasMessageContaining("input");
    assertThatThrownBy(() -> PriceBook.load(new StringReader("currency=USD\nprice.a = input=1\n")))
        .hasMessageContaining("needs input=... and output=...");
    assertThatThrownBy(() -> PriceBook.load(new StringReader("currency=USD\nprize.a = input=1, output=1\n")))
        .hasMessageContaining("unknown price book key 'prize.a'");
    assertThatThrownBy(() -> PriceBook.load(new StringReader("price.a = input=1, output=1\n")))
        .hasMessageContaining("currency");
    assertThatThrownBy(() -> PriceBook.builder("USD").price("a", Price.perMillionTokens("1", "1", "1", "EUR")))
        .hasMessageContaining("EUR");
  }
}
